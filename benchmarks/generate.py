"""Write a synthetic Project H library of N resources that passes `projecth check`, for benchmarks.

    python benchmarks/generate.py OUT --resources 5000 [--seed 490]

OUT becomes a buildable site: the project's mkdocs.yml, overrides and hooks,
its taxonomy.yml with eight more network groups (so that filters and hubs have
a realistic spread), home, about and contribute pages, and N resources under
content/networks/NETWORK/. `cd OUT && mkdocs build` builds it.

The same seed always gives the same files (the dates too), so figures taken at
different times are comparable. The text is a word-level Markov chain trained
on `benchmarks/corpus.txt` (the prose of the starter library's 30 resources)
with 4% of words drawn from a long Zipf-distributed tail (exponent 0.8) of
100,000 made-up words: a real library keeps meeting new words (names, places,
technical terms), and that tail is what makes a search index grow. It gives
about 25,000 distinct words at 1,000 resources and 60,000 at 5,000, close to
what Heaps' law predicts for English text of that length.
Bodies are 300 to 1,200 words in two to six sections with subsections,
bullet and numbered lists, tables, admonitions and links to other resources
of the same network, like the starter library's.

`--refresh-corpus` rewrites corpus.txt from the repository's content/ (do it
rarely: it changes every generated library).
"""

from __future__ import annotations

import argparse
import bisect
import datetime as dt
import random
import re
import shutil
import sys
from collections import defaultdict
from itertools import accumulate
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
CORPUS = HERE / "corpus.txt"
SITE_FILES = ("mkdocs.yml", "overrides", "hooks")

# Network groups added to the taxonomy (slug, label, kind, subjects), beside the four it has.
EXTRA_NETWORKS = (
    ("science", "Science network", "subject", ("science", "biology", "chemistry", "physics")),
    ("humanities", "Humanities network", "subject", ("history", "geography", "religious-education", "citizenship")),
    ("computing", "Computing network", "subject", ("computing", "design-and-technology")),
    ("languages", "Languages network", "subject", ("languages",)),
    ("arts", "Arts network", "subject", ("art-and-design", "music", "drama")),
    ("physical-education", "PE network", "subject", ("physical-education", "physical-development")),
    ("early-years", "Early years network", "leadership",
     ("communication-and-language", "personal-social-and-emotional-development", "mathematics-eyfs",
      "understanding-the-world", "expressive-arts-and-design", "literacy")),
    ("send", "SEND network", "leadership", ("whole-school", "rshe-pshe", "english", "maths")),
)
BASE_NETWORKS = {
    "english": ("english", "literacy"),
    "maths": ("maths", "mathematics-eyfs"),
    "reading": ("english", "literacy", "whole-school"),
    "attendance": ("whole-school",),
}

# What each subject's resources are about: topic words that titles, summaries and headings use.
TOPICS = {
    "english": ["persuasive writing", "poetry analysis", "grammar", "spelling", "narrative writing", "Macbeth",
                "A Christmas Carol", "unseen poetry", "sentence structure", "vocabulary", "oracy", "handwriting"],
    "literacy": ["early writing", "mark making", "letter formation", "shared reading", "phonics"],
    "maths": ["fractions", "place value", "ratio", "algebra", "times tables", "long division", "probability",
              "geometry", "percentages", "simultaneous equations", "mental arithmetic", "statistics"],
    "mathematics-eyfs": ["counting", "number bonds", "subitising", "shape and pattern"],
    "whole-school": ["attendance", "behaviour", "feedback", "retrieval practice", "homework", "transition",
                     "adaptive teaching", "disadvantaged pupils", "staff wellbeing", "curriculum planning"],
    "science": ["forces", "electricity", "cells", "the particle model", "required practicals", "ecosystems"],
    "biology": ["photosynthesis", "inheritance", "the heart", "microscopy"],
    "chemistry": ["the periodic table", "chemical bonding", "rates of reaction", "titration"],
    "physics": ["energy stores", "waves", "magnetism", "radioactivity"],
    "history": ["the Norman conquest", "the Industrial Revolution", "the Cold War", "historical sources",
                "the Tudors", "migration to Britain"],
    "geography": ["rivers", "map skills", "urbanisation", "climate change", "fieldwork", "tectonic hazards"],
    "religious-education": ["world religions", "ethics", "pilgrimage", "festivals"],
    "citizenship": ["democracy", "the law", "human rights", "active citizenship"],
    "computing": ["algorithms", "Python programming", "online safety", "networks", "data representation"],
    "design-and-technology": ["food technology", "product design", "mechanisms", "textiles"],
    "languages": ["French vocabulary", "Spanish grammar", "phonics in languages", "speaking assessments"],
    "art-and-design": ["drawing", "printmaking", "sketchbooks", "artists and movements"],
    "music": ["rhythm", "composition", "singing", "music notation"],
    "drama": ["devising", "script work", "performance skills"],
    "physical-education": ["gymnastics", "invasion games", "athletics", "swimming", "fitness"],
    "physical-development": ["gross motor skills", "fine motor skills", "outdoor play"],
    "rshe-pshe": ["relationships education", "mental health", "online relationships", "careers"],
    "communication-and-language": ["talk for learning", "listening games", "story time"],
    "personal-social-and-emotional-development": ["self-regulation", "making friends", "routines"],
    "understanding-the-world": ["people and communities", "the natural world", "past and present"],
    "expressive-arts-and-design": ["role play", "creating with materials", "songs and rhymes"],
}
TYPE_WEIGHTS = {
    "guide": 16, "lesson-plan": 18, "unit-plan": 10, "slide-deck": 8, "worksheet": 10, "knowledge-organiser": 8,
    "assessment": 8, "cpd-session": 6, "toolkit": 4, "policy-template": 2, "curriculum-map": 4, "checklist": 6,
}
TYPE_WORDS = {
    "guide": "a guide to", "lesson-plan": "a lesson on", "unit-plan": "a unit on", "slide-deck": "slides on",
    "worksheet": "practice on", "knowledge-organiser": "a knowledge organiser for",
    "assessment": "an assessment of", "cpd-session": "a CPD session on", "toolkit": "a toolkit for",
    "policy-template": "a policy template for", "curriculum-map": "a curriculum map for",
    "checklist": "a checklist for",
}
TITLE_PATTERNS = (
    "{Topic} in {year}", "Teaching {topic} in {year}", "{Topic}: {type} for {stage}", "{Topic} {type}",
    "Planning {topic} across {stage}", "{Topic} for {audience}", "Getting started with {topic}",
    "{Topic} misconceptions in {year}", "Assessing {topic} in {stage}", "{Topic} routines for {phase} classes",
)
SECTION_HEADINGS = (
    "Why this matters", "Before you start", "The teaching sequence", "Common misconceptions",
    "How to check it is working", "Adapting for pupils with SEND", "Questions to ask", "Resources you need",
    "What good looks like", "Next steps", "Working with families", "Leading it across the school",
    "Timings", "Key vocabulary", "Worked example", "Retrieval questions", "Feedback", "Further reading",
)
ADMONITIONS = (("tip", "Teacher script"), ("note", "For teaching assistants"), ("warning", "Watch out for"),
               ("example", "In practice"))
TABLE_HEADERS = (
    ("Step", "Focus", "What pupils do"), ("Week", "Content", "Check"), ("Misconception", "What it looks like",
    "How to address it"), ("Lesson", "Objective", "Key question", "Resources"), ("Term", "Unit", "Assessment"),
    ("Role", "Responsibility", "When"),
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, nargs="?", help="the folder to write the site to (emptied first)")
    parser.add_argument("--resources", type=int, default=1000, help="how many resources (default 1000)")
    parser.add_argument("--seed", type=int, default=490, help="random seed (default 490)")
    parser.add_argument("--refresh-corpus", action="store_true", help="rewrite corpus.txt from content/")
    args = parser.parse_args(argv)
    if args.refresh_corpus:
        count = refresh_corpus()
        print(f"wrote {CORPUS.relative_to(REPO)}: {count} sentences")
        if args.out is None:
            return 0
    if args.out is None:
        parser.error("give the folder to write to")
    written = generate(args.out, args.resources, args.seed)
    print(f"wrote {written} resources to {args.out}")
    return 0


# --- The corpus -----------------------------------------------------------------------------------------------

def refresh_corpus() -> int:
    sentences: list[str] = []
    for path in sorted((REPO / "content" / "networks").glob("*/*.md")):
        text = path.read_text(encoding="utf-8").split("\n---\n", 1)[-1]
        for line in text.splitlines():
            line = line.strip()
            if not line or line.startswith(("#", "|", "!!!", "???", "```", "<")):
                continue
            line = re.sub(r"^(?:[-*+]|\d+\.)\s+", "", line)
            line = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", line)  # links -> their text
            line = re.sub(r"[*_`\"]", "", line)
            sentences += [s.strip() for s in re.split(r"(?<=[.!?])\s+", line) if len(s.split()) >= 4]
    CORPUS.write_text("\n".join(dict.fromkeys(sentences)) + "\n", encoding="utf-8")
    return len(sentences)


class Text:
    """Sentences from a word-level Markov chain, with a Zipf tail of made-up words."""

    TAIL_SIZE = 100_000
    TAIL_RATE = 0.04
    TAIL_EXPONENT = 0.8

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.chain: dict[str, list[str]] = defaultdict(list)
        self.starts: list[str] = []
        for sentence in CORPUS.read_text(encoding="utf-8").splitlines():
            words = sentence.split()
            if not words:
                continue
            self.starts.append(words[0])
            for a, b in zip(words, words[1:] + ["\n"]):
                self.chain[a].append(b)
        syllables = ["ba", "cor", "dle", "fen", "gar", "hol", "ith", "jun", "kel", "lor", "mar", "nes", "ost",
                     "pel", "quin", "ras", "sol", "tin", "ul", "ver", "wen", "yar", "zel", "am", "bri", "cha"]
        self.tail = sorted({"".join(rng.choice(syllables) for _ in range(rng.randint(2, 4)))
                            for _ in range(self.TAIL_SIZE)})
        rng.shuffle(self.tail)
        self.tail_weights = list(accumulate(1 / (rank + 1) ** self.TAIL_EXPONENT for rank in range(len(self.tail))))

    def rare_word(self) -> str:
        point = self.rng.random() * self.tail_weights[-1]
        return self.tail[bisect.bisect_left(self.tail_weights, point)]

    def sentence(self, max_words: int = 40) -> str:
        word = self.rng.choice(self.starts)
        words = [word]
        while len(words) < max_words:
            following = self.chain.get(word)
            if not following:
                break
            word = self.rng.choice(following)
            if word == "\n":
                break
            words.append(self.rare_word() if self.rng.random() < self.TAIL_RATE else word)
        text = " ".join(words).rstrip(",;:")
        text = re.sub(r"[<>{}\[\]\\|#=&]", "", text)
        return text if text.endswith((".", "!", "?")) else text + "."

    def paragraph(self, sentences: int) -> str:
        return " ".join(self.sentence() for _ in range(sentences))

    def phrase(self, max_words: int = 8) -> str:
        return self.sentence(max_words).rstrip(".!?")


# --- Resources ----------------------------------------------------------------------------------------------

def generate(out: Path, count: int, seed: int) -> int:
    rng = random.Random(seed)
    text = Text(rng)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    for name in SITE_FILES:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, out / name)
        else:
            shutil.copy(source, out / name)
    (out / "taxonomy.yml").write_text(extended_taxonomy(), encoding="utf-8")
    content = out / "content"
    shutil.copytree(REPO / "content" / "assets", content / "assets")
    (content / "index.md").write_text("---\ntitle: Project H\nsummary: A synthetic library for benchmarks.\n---\n\n"
                                      "A synthetic library, generated for benchmarks.\n", encoding="utf-8")
    (content / "about.md").write_text("---\ntitle: About\n---\n\nAbout the library.\n", encoding="utf-8")
    (content / "contribute.md").write_text("---\ntitle: Contribute\n---\n\nHow to contribute.\n", encoding="utf-8")
    (content / "accessibility.md").write_text("---\ntitle: Accessibility statement\n---\n\nStatement.\n",
                                              encoding="utf-8")

    networks = dict(BASE_NETWORKS)
    networks.update({slug: subjects for slug, _, _, subjects in EXTRA_NETWORKS})
    taxonomy = load_taxonomy_lists()
    by_network: dict[str, list[str]] = defaultdict(list)
    used: set[str] = set()
    first_day = dt.date(2023, 1, 1).toordinal()
    last_day = dt.date(2026, 6, 30).toordinal()
    for number in range(count):
        network = rng.choice(sorted(networks))
        subjects = sorted(set(rng.sample(networks[network], k=min(len(networks[network]), rng.choice((1, 1, 1, 2))))))
        phases, stages, years = pick_stages(rng, taxonomy)
        resource_type = rng.choices(list(TYPE_WEIGHTS), weights=list(TYPE_WEIGHTS.values()))[0]
        topic = rng.choice(TOPICS[subjects[0]])
        audience = sorted(set(rng.sample(taxonomy["audiences"], k=rng.choice((1, 1, 2, 3)))),
                          key=taxonomy["audiences"].index)
        title = make_title(rng, topic, resource_type, phases, stages, years, audience, taxonomy)
        slug = slugify(title)
        while f"{network}/{slug}" in used:
            slug = f"{slugify(title)}-{number}"
        used.add(f"{network}/{slug}")
        published = dt.date.fromordinal(rng.randint(first_day, last_day))
        fields = {
            "title": f'"{title}"',
            "summary": make_summary(rng, text, topic, resource_type),
            "network": network,
            "subjects": f"[{', '.join(subjects)}]",
            "phases": f"[{', '.join(phases)}]",
            "key_stages": f"[{', '.join(stages)}]",
            "year_groups": f"[{', '.join(years)}]" if years else None,
            "resource_type": resource_type,
            "audience": f"[{', '.join(audience)}]",
            "authors": f"[Lift Schools {network.replace('-', ' ').title()} network]",
            "published": published.isoformat(),
            "updated": (published + dt.timedelta(days=rng.randint(20, 200))).isoformat()
            if rng.random() < 0.3 else None,
            "review_by": dt.date(2027 + rng.randint(0, 2), rng.randint(1, 12), 1).isoformat()
            if rng.random() < 0.5 else None,
            "time_required": rng.choice(("20 minutes", "45 minutes", "1 hour", "1 hour 30 minutes"))
            if rng.random() < 0.5 else None,
            "tags": f"[{', '.join(slugify(t) for t in rng.sample(TOPICS[subjects[0]], k=2))}]",
            "licence": rng.choices(["CC-BY-4.0", "CC-BY-NC-SA-4.0", "OGL-UK-3.0"], weights=[8, 2, 1])[0],
            "related": None,
        }
        siblings = by_network[network]
        if siblings and rng.random() < 0.4:
            picks = rng.sample(siblings[-50:], k=min(len(siblings[-50:]), rng.randint(1, 3)))
            fields["related"] = f"[{', '.join(f'networks/{network}/{s}' for s in picks)}]"
        front = "\n".join(f"{key}: {value}" for key, value in fields.items() if value is not None)
        body = make_body(rng, text, topic, siblings)
        path = content / "networks" / network / f"{slug}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"---\n{front}\n---\n\n{body}", encoding="utf-8")
        siblings.append(slug)
    return count


def extended_taxonomy() -> str:
    source = (REPO / "taxonomy.yml").read_text(encoding="utf-8")
    lines = []
    for slug, label, kind, subjects in EXTRA_NETWORKS:
        lines += [f"  {slug}:", f"    label: {label}", f"    kind: {kind}", f"    subjects: [{', '.join(subjects)}]",
                  f"    remit: A synthetic {label.lower()} for benchmarks."]
    marker = "\nlicences:"
    head, tail = source.split(marker, 1)
    return head.rstrip("\n") + "\n" + "\n".join(lines) + "\n" + marker + tail


def load_taxonomy_lists() -> dict:
    """The few facts about the real taxonomy the generator needs, read with PyYAML (it is the project's file)."""
    import yaml

    data = yaml.safe_load((REPO / "taxonomy.yml").read_text(encoding="utf-8"))
    return {
        "phases": {slug: list(value["key_stages"]) for slug, value in data["phases"].items()},
        "phase_labels": {slug: value["label"] for slug, value in data["phases"].items()},
        "years": {slug: value["key_stage"] for slug, value in data["year_groups"].items()},
        "year_labels": {slug: value["label"] for slug, value in data["year_groups"].items()},
        "audiences": list(data["audiences"]),
        "audience_labels": {slug: value["label"] for slug, value in data["audiences"].items()},
    }


def pick_stages(rng: random.Random, taxonomy: dict) -> tuple[list[str], list[str], list[str]]:
    phase_order = list(taxonomy["phases"])
    phase = rng.choices(phase_order, weights=[10, 40, 35, 8, 7])[0]
    phases = [phase]
    if phase in ("primary", "secondary") and rng.random() < 0.1:
        phases = ["primary", "secondary"]
    stage_order = ["eyfs", "ks1", "ks2", "ks3", "ks4", "ks5"]
    allowed = sorted({s for p in phases for s in taxonomy["phases"][p]}, key=stage_order.index)
    stages = set()
    for p in phases:
        own = taxonomy["phases"][p] if p != "special" else allowed
        stages.update(rng.sample(own, k=rng.randint(1, min(2, len(own)))))
    stages = sorted(stages, key=stage_order.index)
    years: list[str] = []
    if rng.random() < 0.6:
        candidates = [y for y, s in taxonomy["years"].items() if s in stages]
        years = sorted(rng.sample(candidates, k=min(len(candidates), rng.choice((1, 1, 2)))),
                       key=list(taxonomy["years"]).index)
    return phases, stages, years


def make_title(rng, topic, resource_type, phases, stages, years, audience, taxonomy) -> str:
    stage_labels = {"eyfs": "EYFS", "ks1": "KS1", "ks2": "KS2", "ks3": "KS3", "ks4": "KS4", "ks5": "KS5"}
    pattern = rng.choice(TITLE_PATTERNS)
    title = pattern.format(
        Topic=topic[:1].upper() + topic[1:],
        topic=topic,
        year=taxonomy["year_labels"][years[0]] if years else stage_labels[stages[0]],
        stage=stage_labels[stages[0]],
        type=resource_type.replace("-", " ").replace("cpd", "CPD"),
        audience=taxonomy["audience_labels"][audience[0]].lower() + "s",
        phase=taxonomy["phase_labels"][phases[0]].lower(),
    )
    return title[:120]


def make_summary(rng, text: Text, topic: str, resource_type: str) -> str:
    summary = (f"{TYPE_WORDS[resource_type][:1].upper()}{TYPE_WORDS[resource_type][1:]} {topic}. "
               f"{text.sentence(30)} {text.sentence(30)}")
    summary = re.sub(r"[^\w\s.,;'()%/-]", "", summary)
    if len(summary) > 300:
        summary = summary[:296].rsplit(" ", 1)[0] + "."
    return f">-\n  {summary}"


def make_body(rng: random.Random, text: Text, topic: str, siblings: list[str]) -> str:
    target = rng.randint(300, 1200)
    parts: list[str] = []
    words = 0
    headings = rng.sample(SECTION_HEADINGS, k=len(SECTION_HEADINGS))
    while words < target and headings:
        heading = headings.pop()
        parts.append(f"## {heading}")
        for block in range(rng.randint(1, 4)):
            if words >= target:
                break
            kind = rng.choices(("para", "bullets", "numbered", "table", "admonition", "sub"),
                               weights=(6, 2, 1, 1, 1, 1))[0]
            if kind == "para":
                chunk = text.paragraph(rng.randint(2, 6))
                if siblings and rng.random() < 0.08:
                    other = rng.choice(siblings[-100:])
                    chunk += f" See also [{other.replace('-', ' ')}]({other}.md)."
            elif kind == "bullets":
                chunk = "\n".join(f"- {text.phrase(14)}." for _ in range(rng.randint(3, 7)))
            elif kind == "numbered":
                chunk = "\n".join(f"{i}. {text.phrase(16)}." for i in range(1, rng.randint(3, 7) + 1))
            elif kind == "table":
                header = rng.choice(TABLE_HEADERS)
                rows = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
                for _ in range(rng.randint(3, 8)):
                    rows.append("| " + " | ".join(text.phrase(6) for _ in header) + " |")
                chunk = "\n".join(rows)
            elif kind == "admonition":
                name, title = rng.choice(ADMONITIONS)
                chunk = f'!!! {name} "{title}"\n    {text.paragraph(rng.randint(1, 3))}'
            else:
                chunk = f"### {topic[:1].upper()}{topic[1:]}: {text.phrase(5).lower()}\n\n{text.paragraph(rng.randint(2, 4))}"
            parts.append(chunk)
            words += len(chunk.split())
    return "\n\n".join(parts) + "\n"


def slugify(value: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")[:80].strip("-")


if __name__ == "__main__":
    sys.exit(main())
