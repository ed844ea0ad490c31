// Project H search page: Pagefind's JavaScript API with faceted filters.
//
// Filters combine as OR within a group and AND across groups: Pagefind's
// `{group: {any: [...]}}` filters do the matching. Each group's counts are
// those of the current search with every *other* group's selection applied,
// so they say how many results ticking that value would give (a second value
// in a group widens, a value in another group narrows). The query and the
// filters live in the URL: typing replaces the history entry, submitting or
// changing a filter adds one, and the back button restores the state.
//
// What a phone downloads stays small: Pagefind fetches only the index chunks
// and result fragments a query needs, and the filter data (the largest part at
// thousands of pages) is fetched only when the filters panel is open: on wide
// screens after the first results, on narrow ones when the panel is opened, at
// once when the address already holds filters.
//
// What a match is: Pagefind matches each query word as a prefix of the words of
// a page and, when no word starts with it, falls back to the longest indexed
// word that the query word starts with ("behaviour" finds "be", "KS4" finds the
// "KS" of "KS2"). This script reads which words matched (the page's text and the
// match locations Pagefind returns) and counts a query word as found only when a
// matched word is that word, an inflection of it, or (while typing) starts with
// it. A query with a word found only that way has no results, and "did you
// mean" offers the nearest of the library's own words; excerpts mark whole-word
// matches only, and are cut from the page's own sections (never from the hidden
// list of facet names, and never repeating the section's heading).
//
// Facet names: every page carries its facet labels and their aliases in a
// hidden, weighted, indexed list ("Key stage 2, KS2. Year 5, Y5."), so "EYFS"
// or "Year 5" finds those pages; when the query names a facet value, the pages
// with that value come first (a filter-only search says which they are).
//
// No dependencies, no inline handlers, no HTML strings: elements come from the
// <template>s of projecth/search.html, and text goes in as text.

const TYPING_DELAY_MS = 250;
const NARROW = "(max-width: 44.9375em)";
// Results shown at a time: each costs a fragment of about 3 KB, and a phone shows two or three per screen.
const PAGE_SIZE = window.matchMedia(NARROW).matches ? 5 : 10;

const root = document.querySelector("[data-ph-search]");
if (root) {
  start(root).catch((error) => {
    console.error(error);
    root.querySelector("[data-ph-search-loading]").hidden = true;
    root.querySelector("[data-ph-search-ui]").hidden = true;
    root.querySelector("[data-ph-search-error]").hidden = false;
  });
}

async function start(root) {
  root.querySelector("[data-ph-search-nojs]").hidden = true;
  const config = JSON.parse(root.dataset.config);
  const groups = config.groups;
  const hideChip = config.hideChip || {};
  const find = (selector) => root.querySelector(selector);
  const form = find("[data-ph-search-form]");
  const input = form.querySelector("input[name=q]");
  const ui = find("[data-ph-search-ui]");
  const loading = find("[data-ph-search-loading]");
  const panel = find("[data-ph-search-filters]");
  const panelCount = find("[data-ph-search-filter-count]");
  const panelLoading = find("[data-ph-search-filters-loading]");
  const groupsBox = find("[data-ph-search-groups]");
  const clearButton = find("[data-ph-search-clear]");
  const status = find("[data-ph-search-status]");
  const list = find("[data-ph-search-list]");
  const moreButton = find("[data-ph-search-more]");
  const applyButton = find("[data-ph-search-apply]");
  const dateLabels = config.dateLabels || {};
  // Browsing without words: Pagefind's search without a term fetches every index chunk of the site (2.3 MB at
  // 1,000 resources). Every indexed page carries one word for this in its facet names, so the same listing
  // costs the one chunk that holds it; a site whose pages lack it falls back to the search without a term.
  let browseTerm = config.browseWord || null;
  // Facet values a query can name: [group name, value, [the words of one of its names]].
  const facetNames = [];
  for (const group of groups) {
    if (!group.names) continue;
    for (const value of group.order) {
      for (const name of [value, ...((group.aliases || {})[value] || [])]) {
        const nameWords = queryWords(name);
        if (nameWords.length) facetNames.push([group.name, value, nameWords]);
      }
    }
  }
  const clone = (name) => find(`template[data-ph-template="${name}"]`).content.firstElementChild.cloneNode(true);

  // --- State and the address -------------------------------------------------------------------------------

  let state = readUrl();
  input.value = state.q;

  function readUrl() {
    const params = new URLSearchParams(window.location.search);
    const selected = new Map();
    for (const group of groups) {
      const values = params.getAll(group.name).filter((value) => value !== "");
      if (values.length) selected.set(group.name, new Set(values));
    }
    return { q: params.get("q") || "", selected };
  }

  function remember(push) {
    const params = new URLSearchParams();
    if (state.q.trim()) params.set("q", state.q.trim());
    for (const group of groups) {
      for (const value of ordered(group, state.selected.get(group.name) || [])) params.append(group.name, value);
    }
    const query = params.toString();
    const url = window.location.pathname + (query ? `?${query}` : "");
    if (url === window.location.pathname + window.location.search) return;
    window.history[push ? "pushState" : "replaceState"](null, "", url);
  }

  // Taxonomy order first (phases from early years up, year groups in school order), then the rest.
  function ordered(group, values) {
    const rank = new Map(group.order.map((value, index) => [value, index]));
    return [...values].sort((a, b) => {
      const ra = rank.has(a) ? rank.get(a) : Infinity;
      const rb = rank.has(b) ? rank.get(b) : Infinity;
      return ra !== rb ? ra - rb : a.localeCompare(b, "en-GB", { numeric: true });
    });
  }

  function pagefindOptions(except) {
    const filters = {};
    for (const [name, values] of state.selected) {
      if (name !== except && values.size) filters[name] = { any: [...values] };
    }
    return { filters };
  }

  // --- Pagefind --------------------------------------------------------------------------------------------

  loading.hidden = false;
  const bundle = new URL(root.dataset.bundle, document.baseURI);
  const site = new URL(root.dataset.root, document.baseURI);
  const pagefind = await import(new URL("pagefind.js", bundle).href);
  // In the page itself, not a worker: the worker script would cost another 12 KB before the first result.
  await pagefind.options({ baseUrl: site.pathname, excerptLength: 30, noWorker: true });

  // --- Filters ---------------------------------------------------------------------------------------------

  const facets = new Map(); // group name -> {fieldset, values: Map(value -> {item, box, count})}
  let filtersLoaded = null;

  function loadFilters() {
    if (!filtersLoaded) {
      panelLoading.hidden = false;
      filtersLoaded = pagefind.filters().then((totals) => {
        buildFacets(totals);
        panelLoading.hidden = true;
      });
    }
    return filtersLoaded;
  }

  function buildFacets(totals) {
    groups.forEach((group, groupIndex) => {
      const values = Object.keys(totals[group.name] || {});
      for (const value of state.selected.get(group.name) || []) {
        if (!values.includes(value)) values.push(value);
      }
      // A group whose only value is on every page narrows nothing: leave it out.
      if (values.length < 2 && !state.selected.has(group.name)) return;
      const fieldset = clone("group");
      fieldset.querySelector("legend").textContent = group.legend;
      const valueList = fieldset.querySelector("ul");
      const entries = new Map();
      ordered(group, values).forEach((value, valueIndex) => {
        const item = clone("value");
        const box = item.querySelector("input");
        const label = item.querySelector("label");
        box.id = `ph-facet-${groupIndex}-${valueIndex}`;
        box.name = group.name;
        box.value = value;
        label.htmlFor = box.id;
        label.querySelector(".ph-facet__name").textContent = value;
        box.addEventListener("change", () => choose(group.name, value, box.checked));
        valueList.append(item);
        entries.set(value, { item, box, count: label.querySelector(".ph-facet__count") });
      });
      groupsBox.append(fieldset);
      facets.set(group.name, { fieldset, values: entries });
    });
  }

  function choose(name, value, on) {
    const chosen = state.selected.get(name) || new Set();
    if (on) chosen.add(value);
    else chosen.delete(value);
    if (chosen.size) state.selected.set(name, chosen);
    else state.selected.delete(name);
    remember(true);
    run();
  }

  // Counts for every group: a group with a selection is counted without it (OR within the group).
  async function countValues(term, search, mine) {
    const counts = {};
    for (const name of facets.keys()) {
      if (state.selected.has(name)) {
        const others = await pagefind.search(term || browseTerm, pagefindOptions(name));
        if (mine !== generation || !others) return null;
        counts[name] = (others.filters || {})[name] || {};
      } else {
        counts[name] = (search.filters || {})[name] || {};
      }
    }
    return counts;
  }

  function showCounts(counts) {
    for (const [name, facet] of facets) {
      const selected = state.selected.get(name) || new Set();
      let shown = 0;
      for (const [value, entry] of facet.values) {
        const count = (counts[name] || {})[value] || 0;
        entry.box.checked = selected.has(value);
        entry.count.textContent = `(${count.toLocaleString("en-GB")})`;
        // Values no result has are hidden, unless chosen (so they can be unticked).
        entry.item.hidden = count === 0 && !entry.box.checked;
        if (!entry.item.hidden) shown += 1;
      }
      facet.fieldset.hidden = shown === 0;
    }
  }

  function showChosen() {
    let chosen = 0;
    for (const values of state.selected.values()) chosen += values.size;
    panelCount.textContent = chosen ? ` (${chosen} active)` : "";
    clearButton.hidden = chosen === 0;
  }

  clearButton.addEventListener("click", () => {
    state.selected = new Map();
    remember(true);
    run();
    input.focus();
  });

  panel.addEventListener("toggle", () => {
    if (panel.open && !filtersLoaded) loadFilters().then(run);
  });

  // --- Searching -------------------------------------------------------------------------------------------

  let generation = 0;
  let results = [];
  let shownResults = 0;
  let words = [];

  async function run() {
    const mine = ++generation;
    const term = state.q.trim();
    words = queryWords(term);
    showChosen();
    list.setAttribute("aria-busy", "true");
    const options = pagefindOptions();
    // Without a term there is no relevance to rank by: list what the filters match, newest first.
    if (!term) options.sort = { date: "desc" };
    let search = await pagefind.search(term || browseTerm, options);
    if (mine !== generation || !search) return;
    if (!term && browseTerm && !search.unfilteredResultCount) {
      browseTerm = null;
      search = await pagefind.search(null, options);
      if (mine !== generation || !search) return;
    }
    results = words.length ? await facetsFirst(term, search.results, words) : search.results;
    if (mine !== generation) return;
    shownResults = 0;
    const found = new Set();
    let items = await nextItems(mine, found);
    if (!items) return;
    // A word matched only by a shorter word it starts with ("be" for "behaviour") was not found.
    if (words.some((word) => !found.has(word))) {
      search = null;
      results = [];
      items = [];
    }
    if (filtersLoaded) {
      await filtersLoaded;
      const counts = search ? await countValues(term, search, mine) : {};
      if (!counts) return;
      showCounts(counts);
    }
    const suggestion = !results.length && words.length ? await suggest(words, mine) : null;
    if (mine !== generation) return;
    list.replaceChildren(...items);
    moreButton.hidden = shownResults >= results.length;
    list.removeAttribute("aria-busy");
    status.replaceChildren(describe(results.length, term));
    if (suggestion) {
      const offer = clone("suggestion");
      const link = offer.querySelector("a");
      link.href = `?${new URLSearchParams({ q: suggestion })}`;
      link.textContent = suggestion;
      link.addEventListener("click", (event) => {
        event.preventDefault();
        input.value = suggestion;
        search_(suggestion, true);
        input.focus();
      });
      status.append(offer);
    }
    applyButton.textContent = results.length === 1 ? "Show 1 result" : `Show ${results.length.toLocaleString("en-GB")} results`;
  }

  // The pages with the facet values the query names ("KS2", "Year 5", "key stage 2") first, each group in
  // Pagefind's order. The same search with that value as a filter says which pages have it: it needs only the
  // index chunks already loaded and that group's filter data (a search without words would fetch every chunk).
  async function facetsFirst(term, found, queryWordList) {
    const named = facetNames.filter(([name, , nameWords]) => !state.selected.has(name)
      && containsRun(queryWordList, nameWords));
    if (!named.length || found.length < 2) return found;
    const sets = await Promise.all(named.map(async ([name, value]) => {
      const options = pagefindOptions();
      options.filters[name] = value;
      const having = await pagefind.search(term, options);
      return new Set((having ? having.results : []).map((result) => result.id));
    }));
    const rank = (result) => sets.reduce((total, set) => total + (set.has(result.id) ? 1 : 0), 0);
    return found.map((result, index) => [rank(result), index, result])
      .sort((a, b) => b[0] - a[0] || a[1] - b[1])
      .map(([, , result]) => result);
  }

  // Suggest the query with each word that found nothing replaced by the nearest of the library's own words,
  // if that query finds something.
  let libraryWords = null;
  async function suggest(queryWordList, mine) {
    try {
      if (!libraryWords) {
        const response = await fetch(root.dataset.words);
        libraryWords = response.ok ? await response.json() : [];
      }
    } catch (error) {
      libraryWords = [];
    }
    if (mine !== generation) return null;
    const replaced = [];
    let changed = false;
    for (const word of queryWordList) {
      const alone = await pagefind.search(word, pagefindOptions());
      if (mine !== generation) return null;
      if (alone && alone.results.length && (await finds(alone.results[0], [word]))) {
        replaced.push(word);
        continue;
      }
      const nearest = nearestWord(word, libraryWords);
      if (!nearest) return null;
      replaced.push(nearest);
      changed = true;
    }
    if (!changed) return null;
    const offer = replaced.join(" ");
    const check = await pagefind.search(offer, pagefindOptions());
    if (mine !== generation || !check || !check.results.length) return null;
    return (await finds(check.results[0], queryWords(offer))) ? offer : null;
  }

  async function finds(result, queryWordList) {
    const found = new Set();
    analyse(await result.data(), queryWordList, found);
    return queryWordList.every((word) => found.has(word));
  }

  async function nextItems(mine, found = new Set()) {
    const page = results.slice(shownResults, shownResults + PAGE_SIZE);
    const data = await Promise.all(page.map((result) => result.data()));
    if (mine !== generation) return null;
    shownResults += page.length;
    return data.map((result) => renderResult(result, analyse(result, words, found)));
  }

  applyButton.addEventListener("click", () => {
    panel.open = false;
    const first = list.querySelector(".ph-result__link");
    (first || status).scrollIntoView({ block: "center" });
    if (first) first.focus();
  });

  moreButton.addEventListener("click", async () => {
    const items = await nextItems(generation);
    if (!items) return;
    list.append(...items);
    moreButton.hidden = shownResults >= results.length;
    if (items.length) items[0].querySelector("a").focus();
  });

  function renderResult(result, analysis) {
    const item = clone("result");
    const meta = result.meta || {};
    const link = item.querySelector(".ph-result__link");
    link.href = result.url;
    link.textContent = meta.title || result.url;
    const summary = item.querySelector(".ph-result__summary");
    if (meta.summary) summary.textContent = meta.summary;
    else summary.remove();
    const excerpt = item.querySelector(".ph-result__excerpt");
    const cut = analysis.excerpt;
    if (cut && cut.title) {
      // The words matched in the body: name the section, and link straight to it.
      const sectionLink = excerpt.querySelector(".ph-result__section");
      sectionLink.href = `${result.url}#${cut.id}`;
      sectionLink.append(...excerptNodes(cut.heading.length ? cut.heading : [{ text: cut.title }]));
      excerpt.querySelector(".ph-result__text").append(...excerptNodes(cut.words));
    } else if (cut) {
      excerpt.querySelector(".ph-result__section").remove();
      excerpt.querySelector(".ph-result__separator").remove();
      excerpt.querySelector(".ph-result__text").append(...excerptNodes(cut.words));
    } else {
      // No term, or it matched only the title, the summary or the facets, which are shown already.
      excerpt.remove();
    }
    const chips = item.querySelector(".ph-result__chips");
    const filters = result.filters || {};
    for (const group of groups) {
      if (!group.chip) continue;
      for (const value of ordered(group, filters[group.name] || [])) {
        if ((hideChip[group.name] || []).includes(value)) continue;
        const chip = clone("chip");
        if (names(group, value).some((nameWords) => nameWords.every((part) => words.some((word) => covers(part, word))))) {
          // The query names this value ("KS2" for Key stage 2): say so on the chip.
          const mark = clone("mark");
          mark.textContent = value;
          chip.append(mark);
        } else {
          chip.textContent = value;
        }
        chips.append(chip);
      }
    }
    if (!chips.children.length) chips.remove();
    const date = item.querySelector(".ph-result__date");
    const kind = (filters.kind || [])[0];
    if (dateLabels[kind]) date.querySelector(".ph-result__date-label").textContent = dateLabels[kind];
    if (meta.date) {
      const time = date.querySelector("time");
      time.dateTime = meta.date;
      time.textContent = longDate(meta.date);
    } else {
      date.remove();
    }
    return item;
  }

  function names(group, value) {
    if (!group.names) return [];
    return [value, ...((group.aliases || {})[value] || [])].map(queryWords).filter((nameWords) => nameWords.length);
  }

  function describe(total, term) {
    let text = total === 1 ? "1 result" : `${total ? total.toLocaleString("en-GB") : "No"} results`;
    if (term) text += ` for “${term}”`;
    const chosen = groups
      .filter((group) => state.selected.has(group.name))
      .map((group) => ordered(group, state.selected.get(group.name)).join(" or "));
    if (chosen.length) text += ` in ${chosen.join("; ")}`;
    if (!total) return `${text}. Try other words, or fewer filters.`;
    return term ? text : `${text}, newest first`;
  }

  // --- Events ----------------------------------------------------------------------------------------------

  let typing = 0;
  function search_(value, push) {
    window.clearTimeout(typing);
    state.q = value;
    remember(push);
    run();
  }

  input.addEventListener("input", () => {
    pagefind.preload(input.value);
    window.clearTimeout(typing);
    typing = window.setTimeout(() => search_(input.value, false), TYPING_DELAY_MS);
  });

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    search_(input.value, true);
  });

  // The header box opens this page; on this page, it searches in place.
  const headerForm = document.querySelector(".ph-header-search");
  if (headerForm) {
    headerForm.addEventListener("submit", (event) => {
      event.preventDefault();
      input.value = headerForm.querySelector("input[name=q]").value;
      search_(input.value, true);
      input.focus();
    });
  }

  window.addEventListener("popstate", () => {
    window.clearTimeout(typing);
    state = readUrl();
    input.value = state.q;
    run();
  });

  // --- Start -----------------------------------------------------------------------------------------------

  // Phones start with the filters folded away, results first; the summary says how many filters are ticked.
  // Their data is fetched when the panel opens, or at once when the address holds filters (to count them).
  if (window.matchMedia(NARROW).matches) panel.open = false;
  if (state.selected.size) await loadFilters();
  loading.hidden = true;
  ui.hidden = false;
  // From the header's search button (`?q=` with nothing typed yet), or with nothing asked: the cursor goes in the
  // box. An address that already asks something (a hub's link, a shared search) shows its results undisturbed.
  const asked = new URLSearchParams(window.location.search);
  if (!state.q && (asked.has("q") || !state.selected.size)) input.focus();
  await run();
  if (panel.open && !filtersLoaded) {
    await loadFilters();
    await run();
  }
}

// --- Words and matches ----------------------------------------------------------------------------------------

// Lower case, accents and the marks Pagefind drops removed, split on spaces: the words Pagefind searches for.
function queryWords(text) {
  return fold(text).replace(/[\p{Pd}\p{Pe}\p{Pf}\p{Pi}\p{Po}\p{Ps}]/gu, "").split(/\s+/).filter(Boolean);
}

function fold(text) {
  return (text || "").normalize("NFD").replace(/\p{M}/gu, "").toLocaleLowerCase("en-GB");
}

// The pieces a word of a page can match by: the whole word, its parts between punctuation, and its runs of
// letters and of digits ("KS2" -> "ks2", "ks", "2").
function wordParts(token) {
  const pieces = fold(token).split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  const parts = new Set(pieces);
  parts.add(pieces.join(""));
  for (const piece of pieces) for (const run of piece.match(/\p{L}+|\p{N}+/gu) || []) parts.add(run);
  parts.delete("");
  return parts;
}

// Endings English words take, longest first: Pagefind stems query words by removing them, so a word of the
// page matches a query word when they share at least the query word without its ending.
const ENDINGS = ["ational", "ization", "fulness", "iveness", "ousness", "ingly", "ations", "ation", "ments",
  "ities", "ment", "ness", "ings", "edly", "able", "ible", "ance", "ence", "ical", "ised", "ized", "ity", "ing",
  "ies", "ers", "ful", "ous", "ive", "ise", "ize", "er", "ed", "es", "ly", "al", "ic", "s", "y", "e"];

// How many leading letters of a query word a page's word must share with it.
function needed(word) {
  // Numbers and codes ("KS4", "Y5", "2025") match only as typed, or as the start of a longer code.
  if (/\p{N}/u.test(word)) return word.length;
  const ending = ENDINGS.find((end) => word.endsWith(end) && word.length - end.length >= 3);
  let length = word.length - (ending ? ending.length : 0);
  // running -> run, planned -> plan: the doubled consonant before -ing, -ed, -er.
  if (ending && /^(ing|ed|er|ers|ings)$/.test(ending) && length >= 4 && word[length - 1] === word[length - 2]
      && !"aeiou".includes(word[length - 1])) length -= 1;
  return Math.min(word.length, Math.max(3, length));
}

// True when `token` (a word as written on the page) is the query word `word`, a form of it, or starts with it.
function covers(token, word) {
  const need = needed(word);
  for (const part of wordParts(token)) {
    let shared = 0;
    while (shared < part.length && shared < word.length && part[shared] === word[shared]) shared += 1;
    if (shared >= need) return true;
  }
  return false;
}

// True when `run` (the words of a facet's name) occurs, in order and whole, among the query words.
function containsRun(list, run) {
  for (let start = 0; start + run.length <= list.length; start += 1) {
    if (run.every((word, offset) => list[start + offset] === word)) return true;
  }
  return false;
}

// What one result's matches are: which query words it truly matches (added to `found`), and the excerpt to show,
// cut from the section (the page's start, or a heading with an id) with the most whole-word matches.
const EXCERPT_WORDS = 30;
const FACETS_START = "ph-search-facets";
const FACETS_END = "ph-search-facets-end";

function analyse(result, queryWordList, found) {
  if (!queryWordList.length) return { excerpt: null };
  const tokens = (result.content || "").split(/\s+/);
  const anchors = result.anchors || [];
  const at = (id) => (anchors.find((anchor) => anchor.id === id) || {}).location;
  const facetsStart = at(FACETS_START) ?? -1;
  const facetsEnd = at(FACETS_END) ?? -1;
  const inFacets = (location) => location >= facetsStart && location < facetsEnd;
  const shown = new Set(queryWords(`${(result.meta || {}).title || ""} ${(result.meta || {}).summary || ""}`));
  const good = new Map(); // location -> weight of a whole-word match outside the facet names
  const wordsAt = new Map(); // location -> the query words it matches
  const inFacetNames = new Set(); // the query words the page's facet names hold
  for (const { location, weight } of result.weighted_locations || []) {
    const token = tokens[location];
    if (!token) continue;
    // A number matches only itself here ("2" is not highlighted in "20"), though Pagefind found it as a prefix.
    const matched = queryWordList.filter((word) => covers(token, word)
      && (!/^\p{N}+$/u.test(word) || wordParts(token).has(word)));
    if (!matched.length) continue;
    for (const word of matched) found.add(word);
    if (inFacets(location)) {
      for (const word of matched) inFacetNames.add(word);
    } else {
      good.set(location, Math.max(good.get(location) || 0, weight || 1));
      wordsAt.set(location, matched);
    }
  }
  // A stretch of text scores by how many different query words it holds, then by their weight.
  const scoreOf = (locations) => new Set(locations.flatMap((location) => wordsAt.get(location))).size * 1000
    + locations.reduce((total, location) => total + good.get(location), 0);
  // Sections: the page's start, then one per heading with an id, in the order of the text.
  const headings = anchors
    .filter((anchor) => /^h[1-6]$/i.test(anchor.element) && anchor.id && typeof anchor.location === "number")
    .sort((a, b) => a.location - b.location);
  const sections = [{ start: 0, body: 0, title: null, id: null }];
  for (const heading of headings) {
    const headingWords = (heading.text || "").split(/\s+/).filter(Boolean).length;
    sections.push({ start: heading.location, body: heading.location + headingWords, title: heading.text, id: heading.id });
  }
  let best = null;
  sections.forEach((section, index) => {
    const end = index + 1 < sections.length ? sections[index + 1].start : tokens.length;
    // The section's own text (its heading counts as a reason to show it, but is not repeated in the excerpt),
    // without the facet names.
    const pieces = facetsStart >= section.start && facetsStart < end
      ? [[section.start, facetsStart], [Math.max(facetsEnd, section.start), end]]
      : [[section.start, end]];
    for (const [start, to] of pieces) {
      const from = Math.max(start, section.body);
      const hits = [...good.keys()].filter((location) => location >= start && location < to).sort((a, b) => a - b);
      // At the page's start, words already shown in the title and summary are no reason for an excerpt.
      const telling = section.id ? hits : hits.filter((location) => ![...wordParts(tokens[location])].some((part) => shown.has(part)));
      const score = telling.length ? scoreOf(telling) : 0;
      if (score && (!best || score > best.score)) {
        best = { score, section, from, to, hits: hits.filter((location) => location >= from) };
      }
    }
  });
  if (!best) return { excerpt: null };
  // The heading, as the page has it, with its matched words marked.
  const heading = [];
  for (let location = best.section.start; location < best.section.body; location += 1) {
    if (tokens[location]) heading.push({ text: tokens[location].replace(/[.:]$/, ""), mark: good.has(location) });
  }
  // The window of EXCERPT_WORDS words holding the most matches, from the start of the sentence of its first match
  // (or a few words before it, in a long sentence).
  let window = best.hits.length ? null : { from: best.from, to: Math.min(best.to, best.from + EXCERPT_WORDS) };
  for (const hit of best.hits) {
    let from = hit;
    while (from > best.from && hit - from < 8 && !/[.!?:;]$/.test(tokens[from - 1])) from -= 1;
    if (hit - from >= 8) from = hit - 4;
    const to = Math.min(best.to, from + EXCERPT_WORDS);
    const score = scoreOf(best.hits.filter((location) => location >= from && location < to));
    if (!window || score > window.score) window = { from, to, score };
  }
  const words = [];
  // A page found by its facets ("Year 5" for a Year 5 unit) whose text holds only some of the words ("Year 4"): the
  // marked chip and the summary say why it is here; an excerpt would only mislead.
  const inWindow = new Set(best.hits.filter((location) => location >= window.from && location < window.to)
    .flatMap((location) => wordsAt.get(location)));
  if (inWindow.size < queryWordList.length && queryWordList.every((word) => inFacetNames.has(word))) {
    return { excerpt: null };
  }
  if (window.from > best.from) words.push({ text: "…" });
  for (let location = window.from; location < window.to; location += 1) {
    if (tokens[location]) words.push({ text: tokens[location], mark: good.has(location) });
  }
  if (window.to < best.to) words.push({ text: "…" });
  return { excerpt: { title: best.section.title, id: best.section.id, heading, words } };
}

// The excerpt as text nodes, with <mark> around the matched words (as text, never as HTML).
function excerptNodes(words) {
  const nodes = [];
  words.forEach((word, index) => {
    if (index) nodes.push(document.createTextNode(" "));
    if (word.mark) {
      const mark = document.createElement("mark");
      mark.textContent = word.text;
      nodes.push(mark);
    } else {
      nodes.push(document.createTextNode(word.text));
    }
  });
  return nodes;
}

// --- Did you mean --------------------------------------------------------------------------------------------

// The library's word nearest to `word` by edit distance (letters added, dropped, changed or swapped): at most one
// edit for words of up to five letters, two for longer ones. The word list is most frequent first, so a tie goes
// to the commoner word.
function nearestWord(word, candidates) {
  if (word.length < 3) return null;
  const limit = word.length <= 5 ? 1 : 2;
  let best = null;
  let bestDistance = limit + 1;
  for (const candidate of candidates) {
    if (candidate === word || Math.abs(candidate.length - word.length) >= bestDistance) continue;
    const distance = editDistance(word, candidate, bestDistance);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

// Optimal string alignment distance, giving up (returning `limit`) once it cannot be below it.
function editDistance(a, b, limit) {
  let previous2 = null;
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    let rowBest = i;
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      if (previous2 && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        value = Math.min(value, previous2[j - 2] + 1);
      }
      current.push(value);
      rowBest = Math.min(rowBest, value);
    }
    if (rowBest >= limit) return limit;
    previous2 = previous;
    previous = current;
  }
  return previous[b.length];
}

function longDate(iso) {
  const date = new Date(`${iso}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
}
