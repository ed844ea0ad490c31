"""Write a synthetic Project H library of N resources that passes `projecth check`, for benchmarks.

    python benchmarks/generate.py OUT --resources 5000 [--seed 490]

OUT becomes a buildable site: the project's mkdocs.yml, overrides and hooks,
its taxonomy.yml with eight more network groups (so that filters and hubs have
a realistic spread), home, about and contribute pages, and:

- N resources under content/networks/NETWORK/, spread over networks,
  subjects, phases, key stages, year groups, types, audiences and licences.
  Bodies are 300 to 1,200 words in two to six sections with subsections,
  bullet and numbered lists, tables, admonitions and links to other resources
  of the same network, like the starter library's.
- Curriculum entitlements, content/entitlements/SUBJECT/PHASE/VERSION.md: 4
  at 250 resources, 8 at 1,000 and 12 at 5,000 (growing with the logarithm
  of N), for the subject and phase pairs the resources use most: each owning
  network's most used pair first, then its second, so they spread over the
  networks. The most used has last year's version too (one unit renamed
  since, one added). Each has three to five pupil entitlements and four to
  six units per year group of its phase (term, entitlements served, knowledge
  by domain, vocabulary, prior knowledge pointing only at earlier units, so
  never in a circle, misconceptions and assessment) and a short body. About a
  third of the resources whose subject and phase match an entitlement name
  one or two of its units (of their year groups, or of their key stages when
  they give no year) in `units`.
- N/100 case studies (at least 3) under content/case-studies/, each an
  illustrative example of a fictional school (`illustrative: true`, the
  school's name ending "(fictional)", figures labelled as illustrative, a
  role or a role mailbox as the contact), with challenge, approach, impact
  and timeline, and a body in the starter case studies' sections. Each links
  one to four resources of one network and their units, if they have any
  (otherwise, sometimes, a unit of an entitlement that fits).

`cd OUT && mkdocs build` builds it. The same seed always gives the same files
(the dates too), so figures taken at different times are comparable. The
resources take their random choices from `random.Random(seed)` exactly as
before entitlements and case studies were added, so their text has not
changed; everything added since (including which resources get `units`)
draws from `random.Random(seed + 1)`.

The text is a word-level Markov chain trained on `benchmarks/corpus.txt` (the
prose of the starter library's 30 resources) with 4% of words drawn from a
long Zipf-distributed tail (exponent 0.8) of 100,000 made-up words: a real
library keeps meeting new words (names, places, technical terms), and that
tail is what makes a search index grow. It gives about 25,000 distinct words
at 1,000 resources and 60,000 at 5,000, close to what Heaps' law predicts for
English text of that length. Titles, unit names and headings come from each
subject's topic words (TOPICS).

`--refresh-corpus` rewrites corpus.txt from the repository's content/ (do it
rarely: it changes every generated library).
"""

from __future__ import annotations

import argparse
import bisect
import copy
import datetime as dt
import json
import math
import random
import re
import shutil
import sys
import textwrap
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from itertools import accumulate
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
CORPUS = HERE / "corpus.txt"
SITE_FILES = ("mkdocs.yml", "overrides", "hooks")

# Network groups added to the taxonomy (slug, label, kind, subjects), beside the four it has.
# Slugs and labels of their own (`synthetic-...`): the real taxonomy lists a network for every subject.
EXTRA_NETWORKS = (
    ("synthetic-science", "Synthetic science network", "subject", ("science", "biology", "chemistry", "physics")),
    ("synthetic-humanities", "Synthetic humanities network", "subject",
     ("history", "geography", "religious-education", "citizenship")),
    ("synthetic-computing", "Synthetic computing network", "subject", ("computing", "design-and-technology")),
    ("synthetic-languages", "Synthetic languages network", "subject", ("languages",)),
    ("synthetic-arts", "Synthetic arts network", "subject", ("art-and-design", "music", "drama")),
    ("synthetic-pe", "Synthetic PE network", "subject", ("physical-education", "physical-development")),
    ("synthetic-early-years", "Synthetic early years network", "leadership",
     ("communication-and-language", "personal-social-and-emotional-development", "mathematics-eyfs",
      "understanding-the-world", "expressive-arts-and-design", "literacy")),
    ("synthetic-send", "Synthetic SEND network", "leadership", ("whole-school", "rshe-pshe", "english", "maths")),
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

# What entitlements and case studies are made of.

BASE_NETWORK_LABELS = {"english": "English network", "maths": "Maths network", "reading": "Reading network",
                       "attendance": "Attendance network"}
SUBJECT_NETWORKS = ("english", "maths")  # the base networks of kind `subject`; the others lead across subjects
PHASE_ORDER = ("early-years", "primary", "secondary", "post-16")  # phases an entitlement can cover (not special)
# The EYFS areas of learning: an entitlement for them is an early-years one, and only they have early-years ones.
EYFS_SUBJECTS = frozenset(("communication-and-language", "personal-social-and-emotional-development", "literacy",
                           "physical-development", "mathematics-eyfs", "understanding-the-world",
                           "expressive-arts-and-design"))
NUMBER_WORDS = ("no", "one", "two", "three", "four", "five", "six")
KNOWLEDGE_DOMAINS = ("Key facts", "Methods", "Reasoning", "Representations", "Application", "Evidence and sources",
                     "Practical skills", "Talking about it")
# Pupil entitlements that any subject may have, beside those named after its topics.
GENERIC_ENTITLEMENTS = ("knowledge-and-vocabulary", "reasoning-and-explanation", "fluency-and-practice",
                        "application-and-problem-solving", "talk-and-communication")
ENTITLEMENT_VERBS = ("learns and remembers the core knowledge of", "reasons confidently about",
                     "practises until fluent in", "explains and applies", "builds a secure understanding of")
UNIT_TITLE_SUFFIXES = ("", "", "", ": foundations", " in context", ": reasoning and explaining",
                       ": securing the basics", " revisited", ": going further")
KNOWLEDGE_OPENINGS = ("Know that", "Explain why", "Recognise when", "Describe how", "Understand that")
MISCONCEPTION_OPENINGS = ("Thinking that", "Believing that", "Assuming that", "Confusing the idea that")
ASSESSMENT_OPENINGS = (
    "A short diagnostic quiz in the first week, then an end-of-unit check.",
    "An end-of-unit check mixing recall and application questions.",
    "Weekly low-stakes retrieval quizzes and a written task at the end of the unit.",
    "Teacher questioning in every lesson and a short extended answer at the end of the unit.",
)
SCHOOL_WORDS = ("Willow", "Oak", "Ash", "Beech", "Cedar", "Elm", "Hazel", "Holly", "Rowan", "Alder", "Birch",
                "Larch", "Meadow", "River", "Harbour", "Castle", "Chapel", "Mill", "Bridge", "Stone", "Kings",
                "Queens", "Orchard", "Heath", "Moor", "Fern", "Lark", "Swan", "Marsh", "Thorn")
SCHOOL_ENDINGS = ("brook", "field", "wood", "gate", "side", "lea", "croft", "bank", "dale", "ford", "hill", "ton")
SCHOOL_SECOND_WORDS = ("Brook", "Field", "Hill", "Park", "Green", "Vale", "Bank", "Lane")
SCHOOL_KINDS = {"early-years": ("Nursery School", "Early Years Centre"), "primary": ("Primary", "Primary School",
                "Primary Academy"), "secondary": ("Academy", "High School", "School"),
                "post-16": ("Sixth Form College",), "special": ("School", "Special School", "Academy")}
SCHOOL_PHRASES = {"early-years": "an early years setting", "primary": "a primary school",
                  "secondary": "a secondary school", "post-16": "a sixth form college", "special": "a special school"}
ROLL_BANDS = {"early-years": ("under-200",), "primary": ("under-200", "200-399", "400-599", "600-999"),
              "secondary": ("600-999", "1000-1499", "1500-plus"), "post-16": ("200-399", "400-599", "600-999"),
              "special": ("under-200", "200-399")}
PERCENT_BANDS = ("0-9", "10-19", "20-29", "30-39", "40-49", "50-plus")
REGION_PHRASES = {"north": "the north of England", "east": "the east of England", "midlands": "the Midlands",
                  "london": "London", "south": "the south of England"}
NETWORK_THEMES = {"english": ("writing", "reading"), "maths": ("maths",), "reading": ("reading", "phonics"),
                  "attendance": ("attendance", "families"), "send": ("send",), "early-years": ("families",)}
GENERAL_THEMES = ("curriculum", "assessment", "staff-development", "leadership", "disadvantaged-pupils",
                  "transition", "behaviour")
# Impact measures a school of each phase (or a network's school) would report, and how each moves.
PHASE_MEASURES = {"early-years": ("attendance",),
                  "primary": ("ks2-rwm-expected", "phonics-check", "reading-age", "attendance"),
                  "secondary": ("gcse-english-maths-4plus", "reading-age", "attendance"),
                  "post-16": ("attendance",), "special": ("attendance", "persistent-absence", "suspensions")}
NETWORK_MEASURES = {"attendance": ("attendance", "persistent-absence"), "reading": ("reading-age",),
                    "send": ("attendance", "suspensions")}
MEASURE_RANGES = {  # measure: (lowest baseline, highest baseline, smallest change, largest change)
    "attendance": (88.0, 94.0, 0.5, 3.0), "persistent-absence": (14.0, 30.0, -8.0, -2.0),
    "phonics-check": (60.0, 80.0, 4.0, 14.0), "reading-age": (48.0, 72.0, 3.0, 12.0),
    "ks2-rwm-expected": (50.0, 66.0, 2.0, 9.0), "gcse-english-maths-4plus": (42.0, 64.0, 2.0, 8.0),
    "suspensions": (40.0, 90.0, -25.0, -8.0),
}
CASE_STUDY_TITLES = (
    "Making {topic} stick in {where}", "A shared approach to {topic} in {where}", "Rethinking {topic} across {where}",
    "{Topic}: one school's first year", "Getting {topic} right in {where}", "Leading {topic} across the school",
)
SEASONS = ("Autumn", "Spring", "Summer")


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
    print(f"wrote {written.resources} resources, {written.entitlement_versions} entitlement versions "
          f"({written.units} current units) and {written.case_studies} case studies to {args.out}")
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

    def with_rng(self, rng: random.Random) -> "Text":
        """The same chain and tail of made-up words, drawing from another generator (no retraining)."""
        other = copy.copy(self)
        other.rng = rng
        return other


# --- The library --------------------------------------------------------------------------------------------

@dataclass
class Written:
    """What `generate` wrote, for the command's one-line report."""

    resources: int
    entitlement_versions: int
    units: int
    case_studies: int


def generate(out: Path, count: int, seed: int) -> Written:
    """Write the whole site to `out`; resources first in memory, so that units can be linked before writing."""
    rng = random.Random(seed)
    text = Text(rng)
    write_site_files(out)
    content = out / "content"
    taxonomy = load_taxonomy_lists()
    resources = make_resources(rng, text, count, taxonomy)

    # Everything added to the resources draws from its own generator, so the resources' text does not shift.
    extra_rng = random.Random(seed + 1)
    extra_text = text.with_rng(extra_rng)
    entitlements = make_entitlements(extra_rng, extra_text, resources, taxonomy)
    link_units(extra_rng, resources, entitlements, taxonomy)
    studies = make_case_studies(extra_rng, extra_text, resources, entitlements, taxonomy)

    for resource in resources:
        write_resource(content, resource)
    versions = sum(write_entitlement(content, extra_rng, extra_text, entitlement, resources, taxonomy)
                   for entitlement in entitlements)
    for study in studies:
        path = content / "case-studies" / f"{study.slug}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"---\n{to_yaml(study.front)}---\n\n{study.body}", encoding="utf-8")
    return Written(len(resources), versions, sum(len(e.units) for e in entitlements), len(studies))


def write_site_files(out: Path) -> None:
    """The project's configuration, the extended taxonomy and the few fixed pages, in an emptied `out`."""
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


# --- Resources ----------------------------------------------------------------------------------------------

@dataclass
class GeneratedResource:
    """A resource held in memory until its units are chosen; `fields` are front-matter lines as written."""

    network: str
    slug: str
    topic: str
    subjects: list[str]
    phases: list[str]
    stages: list[str]
    years: list[str]
    fields: dict[str, str | None]
    body: str
    units: list[str] = field(default_factory=list)

    @property
    def id(self) -> str:
        return f"networks/{self.network}/{self.slug}"

    @property
    def title(self) -> str:
        return self.fields["title"].strip('"')


def make_resources(rng: random.Random, text: Text, count: int, taxonomy: dict) -> list[GeneratedResource]:
    """The resources, drawing from `rng` in the same order as every earlier version of this script."""
    networks = dict(BASE_NETWORKS)
    networks.update({slug: subjects for slug, _, _, subjects in EXTRA_NETWORKS})
    by_network: dict[str, list[str]] = defaultdict(list)
    used: set[str] = set()
    resources: list[GeneratedResource] = []
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
            "units": None,  # filled in by link_units, from the other generator
        }
        siblings = by_network[network]
        if siblings and rng.random() < 0.4:
            picks = rng.sample(siblings[-50:], k=min(len(siblings[-50:]), rng.randint(1, 3)))
            fields["related"] = f"[{', '.join(f'networks/{network}/{s}' for s in picks)}]"
        body = make_body(rng, text, topic, siblings)
        resources.append(GeneratedResource(network, slug, topic, subjects, phases, stages, years, fields, body))
        siblings.append(slug)
    return resources


def write_resource(content: Path, resource: GeneratedResource) -> None:
    fields = dict(resource.fields)
    if resource.units:
        fields["units"] = f"[{', '.join(resource.units)}]"
    front = "\n".join(f"{key}: {value}" for key, value in fields.items() if value is not None)
    path = content / "networks" / resource.network / f"{resource.slug}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\n{front}\n---\n\n{resource.body}", encoding="utf-8")


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
        # A phase that admits any key stage (special schools) lists none of its own.
        "phases": {slug: list(data["key_stages"]) if value.get("any_key_stage") else list(value["key_stages"])
                   for slug, value in data["phases"].items()},
        "phase_labels": {slug: value["label"] for slug, value in data["phases"].items()},
        "years": {slug: value["key_stage"] for slug, value in data["year_groups"].items()},
        "year_labels": {slug: value["label"] for slug, value in data["year_groups"].items()},
        "audiences": list(data["audiences"]),
        "audience_labels": {slug: value["label"] for slug, value in data["audiences"].items()},
        "terms": list(data["terms"]),
        "regions": list(data["regions"]),
        "impact_labels": {slug: value["label"] for slug, value in data["impact_measures"].items()},
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


# --- Curriculum entitlements ------------------------------------------------------------------------------

@dataclass
class GeneratedUnit:
    """One unit of an entitlement; `prior` holds ids as written (local, or `subject/phase/unit` elsewhere)."""

    local_id: str
    title: str
    year: str
    term: str
    topic: str
    entitlements: list[str]
    knowledge: list[dict]
    vocabulary: list[dict]
    prior: list[str]
    misconceptions: list[str]
    assessment: str


@dataclass
class GeneratedEntitlement:
    """One subject and phase's entitlement; `renamed` (unit, old title) marks one with an earlier version."""

    subject: str
    phase: str
    network: str
    items: list[dict]
    units: list[GeneratedUnit]
    renamed: tuple[str, str] | None = None

    def unit_id(self, unit: GeneratedUnit) -> str:
        return f"{self.subject}/{self.phase}/{unit.local_id}"


# Every subject's topics, by topic, for a unit's key words.
TOPICS_BY_TOPIC = {topic: topics for topics in TOPICS.values() for topic in topics}


def entitlement_count(resources: int) -> int:
    """4 at 250 resources, 8 at 1,000, 12 at 5,000: networks write entitlements for their main subjects only."""
    if resources <= 0:
        return 0
    return max(1, round(4 + 8 * math.log(resources / 250) / math.log(20)))


def owning_network(subject: str) -> str:
    """The network that agrees a subject's entitlement: a subject network if one lists it, else the first that does."""
    owners = sorted(BASE_NETWORKS.items()) + sorted((slug, subjects) for slug, _, _, subjects in EXTRA_NETWORKS)
    subject_kind = set(SUBJECT_NETWORKS) | {slug for slug, _, kind, _ in EXTRA_NETWORKS if kind == "subject"}
    listing = [slug for slug, subjects in owners if subject in subjects]
    return next((slug for slug in listing if slug in subject_kind), listing[0])


def network_label(network: str) -> str:
    """`Maths network`, `PE network`: as taxonomy.yml (and the extended one) names it."""
    labels = dict(BASE_NETWORK_LABELS)
    labels.update({slug: label for slug, label, _, _ in EXTRA_NETWORKS})
    return labels[network]


def make_entitlements(rng: random.Random, text: Text, resources: list[GeneratedResource],
                      taxonomy: dict) -> list[GeneratedEntitlement]:
    """Entitlements for the subject and phase pairs the resources use most, spread over the owning networks."""
    uses = Counter((subject, phase) for resource in resources for subject in resource.subjects
                   for phase in resource.phases if subject != "whole-school" and phase in PHASE_ORDER
                   and (subject in EYFS_SUBJECTS) == (phase == "early-years"))
    # Each network's most used pair first (the most used networks first), then each network's second.
    by_network: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for pair, _ in sorted(uses.items(), key=lambda item: (-item[1], item[0])):
        by_network[owning_network(pair[0])].append(pair)
    chosen: list[tuple[str, str]] = []
    for rank in (0, 1):
        pairs = [pairs[rank] for pairs in by_network.values() if len(pairs) > rank]
        chosen += sorted(pairs, key=lambda pair: (-uses[pair], pair))
    chosen = chosen[:entitlement_count(len(resources))]
    # Earlier phases first, so that a unit can name the last units of the phase before as prior knowledge.
    entitlements: list[GeneratedEntitlement] = []
    for subject, phase in sorted(chosen, key=lambda pair: (pair[0], PHASE_ORDER.index(pair[1]))):
        before = next((e for e in entitlements if e.subject == subject
                       and PHASE_ORDER.index(e.phase) == PHASE_ORDER.index(phase) - 1), None)
        entitlements.append(make_entitlement(rng, text, subject, phase, before, taxonomy))
    if chosen:  # the most used one has last year's version too, with one unit renamed since and one added
        first = next(e for e in entitlements if (e.subject, e.phase) == chosen[0])
        unit = rng.choice(first.units[:-1])
        names = dict.fromkeys(f"{capitalise(unit.topic)}{suffix}" for suffix in UNIT_TITLE_SUFFIXES)
        first.renamed = (unit.local_id, rng.choice([name for name in names if name != unit.title]))
    return entitlements


def make_entitlement(rng: random.Random, text: Text, subject: str, phase: str,
                     before: GeneratedEntitlement | None, taxonomy: dict) -> GeneratedEntitlement:
    """Three to five pupil entitlements (some named after the subject's topics), then 4-6 units in each year."""
    topics = TOPICS[subject]
    named = {slugify(topic): topic for topic in rng.sample(topics, k=min(len(topics), rng.randint(2, 3)))}
    generic = rng.sample(GENERIC_ENTITLEMENTS, k=rng.randint(3, 5) - len(named))
    named.update({item_id: item_id.replace("-", " ") for item_id in generic})
    items = [{
        "id": item_id,
        "statement": clip(f"Every pupil {rng.choice(ENTITLEMENT_VERBS)} {label}, so that "
                          f"{lower_first(plain(text.phrase(18)))}.", 400),
        "rationale": prose(text.paragraph(rng.randint(3, 5)), 1200),
    } for item_id, label in named.items()]
    years = [year for year, stage in taxonomy["years"].items() if stage in taxonomy["phases"][phase]]
    # The first year's units may build on the last year of the phase before (English primary, then secondary).
    phase_before = [before.unit_id(u) for u in before.units if u.year == before.units[-1].year] if before else []
    units: list[GeneratedUnit] = []
    for year in years:
        terms = sorted(rng.sample(taxonomy["terms"], k=rng.randint(4, 6)), key=taxonomy["terms"].index)
        year_topics = rng.sample(topics, k=min(len(terms), len(topics)))
        year_topics += [rng.choice(topics) for _ in range(len(terms) - len(year_topics))]
        first_year = not units
        for term, topic in zip(terms, year_topics):
            units.append(make_unit(rng, text, topic, year, term, items, units, phase_before if first_year else []))
    return GeneratedEntitlement(subject, phase, owning_network(subject), items, units)


def make_unit(rng: random.Random, text: Text, topic: str, year: str, term: str, items: list[dict],
              earlier: list[GeneratedUnit], phase_before: list[str]) -> GeneratedUnit:
    """A unit on one topic; its prior knowledge is only ever earlier units, so it can never go round in a circle."""
    prefix = year.replace("year-", "y")
    local_id = base = f"{prefix}-{slugify(topic)}"[:56].strip("-")
    taken = {unit.local_id for unit in earlier}
    number = 2
    while local_id in taken:
        local_id, number = f"{base}-{number}", number + 1
    item_ids = [item["id"] for item in items]
    served = [slugify(topic)] if slugify(topic) in item_ids else []
    served += rng.sample([i for i in item_ids if i not in served], k=max(0, rng.choice((1, 1, 2)) - len(served)))
    domains = [capitalise(topic)] + rng.sample(KNOWLEDGE_DOMAINS, k=rng.choice((0, 1, 1, 2)))
    knowledge = [{"domain": domain, "statements": [
        clip(f"{rng.choice(KNOWLEDGE_OPENINGS)} {lower_first(plain(full_phrase(text, 24)))}.", 400)
        for _ in range(rng.randint(2, 4))]} for domain in domains]
    # Key words: another topic of the subject, and made-up technical terms from the Zipf tail.
    words = [rng.choice([t for t in TOPICS_BY_TOPIC[topic] if t != topic] or [topic])]
    words += [text.rare_word() for _ in range(rng.randint(1, 3))]
    vocabulary = {word: prose(full_phrase(text, 25) + ".", 300) for word in dict.fromkeys(words)}
    prior: list[str] = []
    if earlier and rng.random() < 0.7:
        same_topic = [unit.local_id for unit in earlier if unit.topic == topic][-2:]
        recent = [unit.local_id for unit in earlier[-6:]]
        pool = list(dict.fromkeys(same_topic + recent))
        prior = sorted(rng.sample(pool, k=min(len(pool), rng.choice((1, 1, 2)))), key=pool.index)
    elif phase_before and rng.random() < 0.5:
        prior = [rng.choice(phase_before)]
    return GeneratedUnit(
        local_id=local_id, title=clip(f"{capitalise(topic)}{rng.choice(UNIT_TITLE_SUFFIXES)}", 120), year=year,
        term=term, topic=topic, entitlements=sorted(served, key=item_ids.index), knowledge=knowledge,
        vocabulary=[{"term": word, "definition": definition} for word, definition in vocabulary.items()],
        prior=prior,
        misconceptions=[clip(f"{rng.choice(MISCONCEPTION_OPENINGS)} {lower_first(plain(full_phrase(text, 20)))}.", 400)
                        for _ in range(rng.randint(1, 3))],
        assessment=clip(f"{rng.choice(ASSESSMENT_OPENINGS)} {capitalise(plain(full_phrase(text, 30)))}.", 800),
    )


def full_phrase(text: Text, max_words: int) -> str:
    """A phrase of at least six words: the chain's shortest sentences ("Year 7 7 5.") make poor statements."""
    for _ in range(20):
        phrase = text.phrase(max_words)
        if len(phrase.split()) >= 6:
            return phrase
    return phrase


def year_span(years: list[str], taxonomy: dict) -> str:
    """`Years 1 to 6`, `Years 12 and 13`, `Nursery and Reception`."""
    labels = [taxonomy["year_labels"][year] for year in years]
    if all(label.startswith("Year ") for label in labels) and len(labels) > 1:
        numbers = [label.split()[1] for label in labels]
        return f"Years {numbers[0]} {'and' if len(numbers) == 2 else 'to'} {numbers[-1]}"
    return " and ".join(labels) if len(labels) <= 2 else f"{labels[0]} to {labels[-1]}"


def write_entitlement(content: Path, rng: random.Random, text: Text, entitlement: GeneratedEntitlement,
                      resources: list[GeneratedResource], taxonomy: dict) -> int:
    """The current version (2025-26), and last year's before it when the entitlement has one; returns how many."""
    folder = content / "entitlements" / entitlement.subject / entitlement.phase
    folder.mkdir(parents=True, exist_ok=True)
    versions = [("2025-26", dt.date(2025, 9, 1), entitlement.units, {})]
    if entitlement.renamed:
        local_id, old_title = entitlement.renamed
        versions.insert(0, ("2024-25", dt.date(2024, 9, 1), entitlement.units[:-1], {local_id: old_title}))
    ids = {entitlement.unit_id(unit) for unit in entitlement.units}
    using = [r for r in resources if ids.intersection(r.units)]
    for version, valid_from, units, titles in versions:
        years = list(dict.fromkeys(unit.year for unit in units))
        summary = (f"The {network_label(entitlement.network)}'s core curriculum for {year_span(years, taxonomy)}: "
                   f"{NUMBER_WORDS[len(entitlement.items)]} pupil entitlements and the minimum knowledge for each "
                   "year, organised by unit and knowledge domain.")
        front = {
            "subject": entitlement.subject, "phase": entitlement.phase, "network": entitlement.network,
            "version": version, "valid_from": valid_from, "status": "in-use", "summary": clip(summary, 300),
            "entitlements": entitlement.items,
            "years": {year: [unit_fields(unit, titles) for unit in units if unit.year == year] for year in years},
        }
        body = entitlement_body(rng, text, units, years, using, taxonomy)
        (folder / f"{version}.md").write_text(f"---\n{to_yaml(front)}---\n\n{body}", encoding="utf-8")
    return len(versions)


def unit_fields(unit: GeneratedUnit, titles: dict[str, str]) -> dict:
    """A unit as its entitlement file lists it, in the model's field order; `titles` gives older names."""
    return {
        "id": unit.local_id, "title": titles.get(unit.local_id, unit.title), "term": unit.term,
        "entitlements": unit.entitlements or None, "knowledge": unit.knowledge, "vocabulary": unit.vocabulary or None,
        "prior_knowledge": unit.prior or None, "misconceptions": unit.misconceptions, "assessment": unit.assessment,
    }


def entitlement_body(rng: random.Random, text: Text, units: list[GeneratedUnit], years: list[str],
                     using: list[GeneratedResource], taxonomy: dict) -> str:
    """Short prose like the starter entitlements': how schools use it, sequencing, and the assessment sample."""
    parts = ["## How schools use this entitlement", text.paragraph(rng.randint(3, 5))]
    if using:
        links = [f"[{lower_first(r.title)}](../../../{r.id}.md)" for r in rng.sample(using, k=min(3, len(using)))]
        parts[-1] += (" Resources the network has shared for its units, such as "
                      f"{', '.join(links[:-1]) + ' and ' if len(links) > 1 else ''}{links[-1]}, are listed on each "
                      "unit's page.")
    parts += ["## Sequencing is a school decision", text.paragraph(rng.randint(2, 4)),
              "## End-of-year assessment sample", text.paragraph(rng.randint(2, 3))]
    table = ["| Year | Units | Assessment focus |", "|---|---|---|"]
    for year in years:
        count = sum(1 for unit in units if unit.year == year)
        table.append(f"| {taxonomy['year_labels'][year]} | {count} | {capitalise(text.phrase(7))} |")
    parts.append("\n".join(table))
    return "\n\n".join(parts) + "\n"


def link_units(rng: random.Random, resources: list[GeneratedResource], entitlements: list[GeneratedEntitlement],
               taxonomy: dict) -> None:
    """About a third of the resources an entitlement covers name one or two of its units of their years."""
    for resource in resources:
        candidates = []
        for entitlement in entitlements:
            if entitlement.subject not in resource.subjects or entitlement.phase not in resource.phases:
                continue
            for unit in entitlement.units:
                fits = (unit.year in resource.years if resource.years
                        else taxonomy["years"][unit.year] in resource.stages)
                if fits:
                    candidates.append((entitlement, unit))
        if not candidates or rng.random() >= 1 / 3:
            continue
        pool = [pair for pair in candidates if pair[1].topic == resource.topic] or candidates
        picks = rng.sample(pool, k=min(len(pool), rng.choice((1, 1, 2))))
        resource.units = [e.unit_id(u) for e, u in sorted(picks, key=lambda pair: candidates.index(pair))]


# --- Case studies -------------------------------------------------------------------------------------------

@dataclass
class GeneratedCaseStudy:
    """A case study's file name (set once every title is known), front matter and body."""

    slug: str
    front: dict
    body: str


def make_case_studies(rng: random.Random, text: Text, resources: list[GeneratedResource],
                      entitlements: list[GeneratedEntitlement], taxonomy: dict) -> list[GeneratedCaseStudy]:
    """About one case study per hundred resources (at least three), each about one network's resources."""
    if not resources:
        return []
    count = max(3, round(len(resources) / 100))
    with_units = [r for r in resources if r.units]
    schools: set[str] = set()
    slugs: set[str] = set()
    studies = []
    for _ in range(count):
        lead = rng.choice(with_units if with_units and rng.random() < 0.5 else resources)
        study = make_case_study(rng, text, lead, resources, entitlements, taxonomy, schools)
        slug = base = slugify(study.front["title"])
        number = 2
        while slug in slugs:
            slug, number = f"{base}-{number}", number + 1
        slugs.add(slug)
        study.slug = slug
        studies.append(study)
    return studies


def make_case_study(rng: random.Random, text: Text, lead: GeneratedResource, resources: list[GeneratedResource],
                    entitlements: list[GeneratedEntitlement], taxonomy: dict, schools: set[str]) -> GeneratedCaseStudy:
    """An illustrative, fictional school's story: nothing in it can identify a real school or pupil."""
    network, phase = lead.network, lead.phases[0]
    others = [r for r in resources if r.network == network and phase in r.phases and r is not lead]
    used = [lead] + rng.sample(others, k=min(len(others), rng.randint(0, 3)))
    units = list(dict.fromkeys(uid for r in used for uid in r.units))[:3]
    if not units and rng.random() < 0.4:
        fitting = [e.unit_id(u) for e in entitlements if e.phase == phase and e.subject in lead.subjects
                   for u in e.units]
        units = [rng.choice(fitting)] if fitting else []
    school = school_name(rng, phase, schools)
    label = network_label(network)
    topic = lead.topic
    title = clip(rng.choice(CASE_STUDY_TITLES).format(topic=topic, Topic=capitalise(topic),
                                                      where=where_taught(lead, taxonomy)), 120)
    themes = list(dict.fromkeys(list(NETWORK_THEMES.get(network, ("curriculum",)))
                                + rng.sample(GENERAL_THEMES, k=rng.randint(1, 2))))
    timeline = timeline_steps(rng, text)
    # The figures run from the school year of the first step to that of the last, published the autumn after.
    first, last = academic_year(timeline[0]["when"]), academic_year(timeline[-1]["when"])
    impact = impact_figures(rng, network, phase, first, max(last, first + 1))
    published = dt.date(max(last, first + 1) + 1, 9, 1) + dt.timedelta(days=rng.randint(20, 150))
    front = {
        "title": title,
        "summary": clip(f"An illustrative example of {SCHOOL_PHRASES[phase]} that used the {label}'s work on "
                        f"{topic}: {lower_first(plain(text.phrase(22)))}.", 300),
        "school": f"{school} (fictional)",
        "illustrative": True,
        "phase": phase,
        "region": rng.choice(taxonomy["regions"]),
        "context": {"pupils_on_roll": rng.choice(ROLL_BANDS[phase]), "disadvantaged": rng.choice(PERCENT_BANDS),
                    "send": "50-plus" if phase == "special" else rng.choice(PERCENT_BANDS[:3])},
        "networks": [network],
        "themes": themes,
        "challenge": prose(text.paragraph(rng.randint(3, 5)), 1200),
        "approach": clip(f"Leaders used the {label}'s resources on {topic}. {plain(text.paragraph(rng.randint(3, 5)))}",
                         1500),
        "impact": impact,
        "timeline": timeline,
        "resources": [r.id for r in used],
        "units": units or None,
        "what_did_not_work": prose(text.paragraph(rng.randint(2, 3)), 1200),
        "contact": rng.choice((f"{label} lead", f"{network}-network@{slugify(school)}.example",
                               f"office@{slugify(school)}.example")),
        "privacy": {"no_pupil_names": True, "small_numbers_suppressed": True, "image_consent": True},
        "published": published,
    }
    body = case_study_body(rng, text, school, label, front, used, units, entitlements, taxonomy)
    return GeneratedCaseStudy("", front, body)


def where_taught(resource: GeneratedResource, taxonomy: dict) -> str:
    """`Years 5 and 6`, `Year 7`, `key stage 2` or `the early years`, for a case study's title."""
    years = resource.years
    if len(years) > 1 and all(year.startswith("year-") for year in years):
        return "Years " + " and ".join(year.split("-")[1] for year in years)
    if years:
        return taxonomy["year_labels"][years[0]]
    return "the early years" if resource.stages[0] == "eyfs" else f"key stage {resource.stages[0][2:]}"


def school_name(rng: random.Random, phase: str, taken: set[str]) -> str:
    """A made-up school name, different from the others written."""
    while True:
        first = rng.choice(SCHOOL_WORDS)
        place = (f"{first}{rng.choice(SCHOOL_ENDINGS)}" if rng.random() < 0.5
                 else f"{first} {rng.choice(SCHOOL_SECOND_WORDS)}")
        name = f"{place} {rng.choice(SCHOOL_KINDS[phase])}"
        if name not in taken:
            taken.add(name)
            return name


def impact_figures(rng: random.Random, network: str, phase: str, start: int, end: int) -> list[dict]:
    """One or two made-up figures that a school of this phase would report, labelled as illustrative."""
    allowed = PHASE_MEASURES[phase] + ("attendance", "persistent-absence")
    measures = [m for m in NETWORK_MEASURES.get(network, ()) if m in allowed] or list(PHASE_MEASURES[phase])
    figures = []
    for measure in rng.sample(measures, k=min(len(measures), rng.choice((1, 1, 2)))):
        low, high, least, most = MEASURE_RANGES[measure]
        decimals = 1 if measure == "attendance" else 0
        baseline = round(rng.uniform(low, high), decimals)
        result = round(baseline + rng.uniform(least, most), decimals)
        figures.append({
            "measure": measure, "baseline": number(baseline), "result": number(result),
            "period": f"{start}-{(start + 1) % 100:02d} to {end}-{(end + 1) % 100:02d}",
            "source": "Illustrative figures for this example, not real results",
        })
    return figures


def number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def timeline_steps(rng: random.Random, text: Text) -> list[dict]:
    """Three to five steps, a term apart, starting in 2022 or 2023 (so that all is over before publication)."""
    season, year = rng.choice(SEASONS), rng.randint(2022, 2023)
    steps = []
    for _ in range(rng.randint(3, 5)):
        steps.append({"when": f"{season} {year}", "what": prose(full_phrase(text, 30) + ".", 300)})
        season = SEASONS[(SEASONS.index(season) + 1) % 3]
        year += season == "Spring"
    return steps


def academic_year(when: str) -> int:
    """The calendar year a school year starts in: Autumn 2023, Spring 2024 and Summer 2024 are all 2023."""
    season, year = when.split()
    return int(year) if season == "Autumn" else int(year) - 1


def case_study_body(rng: random.Random, text: Text, school: str, label: str, front: dict,
                    used: list[GeneratedResource], units: list[str], entitlements: list[GeneratedEntitlement],
                    taxonomy: dict) -> str:
    """The story in the starter case studies' sections, linking every resource and unit it names."""
    titles = {e.unit_id(u): u.title for e in entitlements for u in e.units}
    doing = []
    for resource in used:
        doing.append(f"{text.paragraph(rng.randint(1, 2))} The team worked from "
                     f"[{lower_first(resource.title)}](../{resource.id}.md).")
    for uid in units:
        subject, phase, local = uid.split("/")
        doing.append(f"Teachers planned it against the unit [{lower_first(titles[uid])}]"
                     f"(../entitlements/{subject}/{phase}/units/{local}/index.md). {text.paragraph(1)}")
    figures = ["| Measure | Before | After | Period |", "|---|---|---|---|"] + [
        f"| {taxonomy['impact_labels'][f['measure']]} | {f['baseline']} | {f['result']} | {f['period']} |"
        for f in front["impact"]]
    parts = [
        f"*This is an illustrative example about a fictional school, written to show how the {label}'s guidance "
        "can be put into practice; it does not describe a real school or real results.*",
        "## Context",
        f"{school} is {SCHOOL_PHRASES[front['phase']]} in {REGION_PHRASES[front['region']]}. "
        f"{text.paragraph(rng.randint(2, 4))}",
        "## What they did", *doing,
        "\n".join(f"{i}. {step['when']}: {lower_first(step['what'])}" for i, step in enumerate(front["timeline"], 1)),
        "## What happened", text.paragraph(rng.randint(2, 4)), "\n".join(figures),
        "## What they would do differently", text.paragraph(rng.randint(2, 3)),
        "## How to adapt it", "\n".join(f"- {text.phrase(14)}." for _ in range(rng.randint(3, 5))),
    ]
    return "\n\n".join(parts) + "\n"


# --- Front matter and text helpers --------------------------------------------------------------------------

_PLAIN_SCALAR = re.compile(r"[A-Za-z][\w .,;'()%/-]*|[a-z0-9][a-z0-9-]*")
_YAML_WORDS = {"yes", "no", "on", "off", "true", "false", "null", "y", "n"}
_ID = re.compile(r"[a-z0-9][a-z0-9/-]*")  # slugs and ids, written as a flow list: [maths, curriculum]


def to_yaml(data: dict, indent: int = 0) -> str:
    """Front matter as a person writes it: plain values where safe, `>-` for long text, [a, b] for short lists."""
    lines = []
    pad = " " * indent
    for key, value in data.items():
        if value is None:
            continue
        if isinstance(value, dict):
            lines.append(f"{pad}{key}:\n{to_yaml(value, indent + 2)}".rstrip("\n"))
        elif (isinstance(value, list) and all(isinstance(v, str) and _ID.fullmatch(v) for v in value)
              and len(", ".join(value)) < 80):
            lines.append(f"{pad}{key}: [{', '.join(scalar(v) for v in value)}]")
        elif isinstance(value, list):
            lines.append(f"{pad}{key}:")
            for item in value:
                if isinstance(item, dict):
                    lines.append(f"{pad}  - " + to_yaml(item, indent + 4).lstrip().rstrip("\n"))
                else:
                    lines.append(f"{pad}  - {scalar(item)}")
        elif isinstance(value, str) and len(value) > 80:
            wrapped = textwrap.wrap(value, width=max(40, 110 - indent), break_long_words=False,
                                    break_on_hyphens=False)
            lines.append(f"{pad}{key}: >-\n" + "\n".join(f"{pad}  {line}" for line in wrapped))
        else:
            lines.append(f"{pad}{key}: {scalar(value)}")
    return "\n".join(lines) + "\n"


def scalar(value: object) -> str:
    """One value: booleans, numbers and dates as YAML reads them, text plain or double-quoted when YAML would not."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float, dt.date)):
        return str(value)
    text = str(value)
    if _PLAIN_SCALAR.fullmatch(text) and text.lower() not in _YAML_WORDS and not text.isdigit():
        return text
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def plain(text: str) -> str:
    """Text safe in a front-matter text field: no markup, no characters the checks would take for Markdown."""
    return " ".join(re.sub(r"[^\w\s.,;'()%/-]|_", "", text).split())


def clip(text: str, limit: int) -> str:
    """At most `limit` characters, ending at a sentence or a word."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    end = cut.rfind(". ")
    if end > limit // 2:
        return cut[: end + 1]
    return cut.rsplit(" ", 1)[0].rstrip(",;:") + "."


def prose(text: str, limit: int) -> str:
    """Markov text for a front-matter field: plain, starting with a capital, at most `limit` characters."""
    return clip(capitalise(plain(text)), limit)


def capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


PROPER_NOUNS = {"I", "Macbeth", "Python", "French", "Spanish", "English", "Year", "Years", "Tudors", "Norman"}


def lower_first(text: str) -> str:
    """Lower-case the first letter, unless the first word is a name or an acronym (Macbeth, Year 7, KS2, CPD)."""
    first = text.split(" ", 1)[0]
    if first in PROPER_NOUNS or first[1:2].isupper():
        return text
    return text[:1].lower() + text[1:]


def slugify(value: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")[:80].strip("-")


if __name__ == "__main__":
    sys.exit(main())
