// The review editor: one request loads every entry; the list is drawn virtually so a
// 5,000-entry catalog stays fast. User text is only ever inserted as text nodes.
// Two views share the entries and the editing: the segment view (a list and one entry with
// its neighbours) and the document view (document.js), switched keeping the current entry.
"use strict";

(() => {
  const root = document.getElementById("editor");
  const api = root.dataset.api;
  const documentApi = root.dataset.documentApi;
  const approveApi = root.dataset.approveApi;
  const lang = root.dataset.lang;
  const script = root.dataset.script;  // the language's script, which selects its fonts
  const canReview = root.dataset.canReview === "true";
  // Four eyes: a reviewer does not approve the text they saved last (the server decides;
  // the editor says so before anyone tries).
  const fourEyes = root.dataset.fourEyes === "true";
  const ownText = (entry) => fourEyes && entry.translator === root.dataset.account;
  const csrfToken = document.querySelector('meta[name="csrf-token"]').content;
  // "renders as", pointing the way the interface reads.
  const forward = getComputedStyle(document.documentElement).direction === "rtl" ? "←" : "→";
  const { gettext: _, ngettext, format, number, percent, moment, stateLabel } = window.i18n;
  const LEVEL_LABELS = { error: _("error"), warning: _("warning") };
  const NONE = _("none");
  const levelLabel = (level) => LEVEL_LABELS[level] || level;
  const versionText = (version) => _("version %(version)s", { version: number(version) });
  // The places of an entry as the API sends them ({kind, number, sentence}, sentence null
  // in a block of one sentence), in the interface language.
  const PLACES = {
    paragraph: [_("paragraph %(number)s"), _("paragraph %(number)s, sentence %(sentence)s")],
    heading: [_("heading %(number)s"), _("heading %(number)s, sentence %(sentence)s")],
    "list item": [_("list item %(number)s"), _("list item %(number)s, sentence %(sentence)s")],
  };
  function placeText(places) {
    return (places || []).map((place) => format(PLACES[place.kind][place.sentence ? 1 : 0],
      { number: number(place.number), sentence: place.sentence && number(place.sentence) }))
      .join("; ");
  }
  // The server says why in the interface language (``message``), and in English (``error``).
  const reasonOf = (data) => data && (data.message || data.error);
  const errorText = (result) => (result.status === 401
    ? _("your session has ended: sign in again in another tab, your text is kept")
    : reasonOf(result.data) || _("error %(status)s", { status: result.status }));
  const ROW_HEIGHT = 66;
  const OVERSCAN = 8;

  const $ = (id) => document.getElementById(id);
  const list = $("list");
  const spacer = $("list-spacer");
  const field = $("translation");
  const editBox = $("edit-box");
  const editHome = $("context-after");  // the box sits before it in the segment view

  let entries = [];          // every entry, as the server sent it
  let shown = [];            // the entries that pass the filters, in catalog order
  let current = -1;          // index into `shown`
  const typed = new Map();   // entry id -> text typed and not saved yet
  const typedBase = new Map(); // entry id -> version a restored text was typed over
  const storageKey = `unsaved:${api}`;
  const lastState = new Map(); // entry id -> state of the last save attempt
  const inFlight = new Map();  // entry id -> the save under way (saves of one entry queue)
  const conflicts = new Set(); // entry ids whose last save met a newer version
  const taken = new Map();     // entry id -> {origin, text} of the suggestion put in the field
  let detailRequest = null;
  let mode = root.dataset.view === "document" ? "document" : "segment";
  let structure = null;        // the document's blocks, loaded for the document view
  let machine = null;          // {id, items, request} of the current entry's machine suggestions
  let chord = false;           // Ctrl+M pressed: a digit now inserts that suggestion
  const docView = window.documentView({
    container: $("doc-body"), lang, dir: root.dataset.dir, script, canReview, el,
    onSelect: (id) => selectId(id),
    onApprove: (ids) => approve(ids),
  });

  // Build an element; strings become text nodes, never markup.
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "class") node.className = value;
      else if (key === "text") node.textContent = value;
      else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? "" : value);
    }
    for (const child of children) {
      if (child === null || child === undefined) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function clear(node, ...children) {
    node.replaceChildren(...children);
  }

  // Unsaved text is also kept in this tab's sessionStorage: a reload or an expired session
  // does not lose it, and it is saved later against the version it was typed over.
  function persistTyped() {
    const byId = new Map(entries.map((e) => [e.id, e]));
    const rows = [...typed].map(([id, text]) => [id, text,
      typedBase.has(id) ? typedBase.get(id) : (byId.get(id) || {}).version]);
    try {
      if (rows.length) sessionStorage.setItem(storageKey, JSON.stringify(rows));
      else sessionStorage.removeItem(storageKey);
    } catch (_) { /* storage full or disabled: the page itself still holds the text */ }
  }

  function setTyped(id, text) {
    typed.set(id, text);
    persistTyped();
  }

  function dropTyped(id) {
    typed.delete(id);
    typedBase.delete(id);
    persistTyped();
  }

  function restoreTyped() {
    let rows = [];
    try { rows = JSON.parse(sessionStorage.getItem(storageKey) || "[]"); } catch (_) { rows = []; }
    const byId = new Map(entries.map((e) => [e.id, e]));
    for (const [id, text, base] of rows) {
      const entry = byId.get(id);
      if (!entry || text === entry.translation) continue;
      typed.set(id, text);
      if (base !== entry.version) typedBase.set(id, base);
    }
    return typed.size;
  }

  function say(text, kind) {
    const message = $("message");
    message.textContent = text;
    message.className = "message " + (kind || "");
  }

  async function request(url, options) {
    const init = Object.assign({ headers: {}, credentials: "same-origin" }, options || {});
    if (init.body !== undefined) {
      init.headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(init.body);
    }
    if (init.method && init.method !== "GET") init.headers["X-CSRFToken"] = csrfToken;
    const response = await fetch(url, init);
    let data = null;
    try { data = await response.json(); } catch (_) { data = null; }
    return { status: response.status, ok: response.ok, data };
  }

  // ---- filters ---------------------------------------------------------------------------

  function matches(entry, state, qa, needle) {
    if (state === "todo" && !["untranslated", "draft"].includes(entry.state)) return false;
    if (state === "changed" && !entry.diff) return false;
    if (state && !["todo", "changed"].includes(state) && entry.state !== state) return false;
    const findings = entry.findings || [];
    if (qa === "clean" && findings.length) return false;
    if ((qa === "error" || qa === "warning") && !findings.some((f) => f.level === qa)) return false;
    if (qa.startsWith("check:") && !findings.some((f) => "check:" + f.check === qa)) return false;
    if (needle) {
      const text = typed.has(entry.id) ? typed.get(entry.id) : (entry.translation || "");
      const haystack = entry._source + "\n" + String(text).toLowerCase();
      if (!haystack.includes(needle)) return false;
    }
    return true;
  }

  function applyFilters(keepId) {
    if (mode === "document") {
      const byId = new Map(entries.map((e) => [e.id, e]));
      shown = docView.order().map((id) => byId.get(id)).filter(Boolean);
    } else {
      const state = $("filter-state").value;
      const qa = $("filter-qa").value;
      const needle = $("search").value.trim().toLowerCase();
      shown = entries.filter((e) => matches(e, state, qa, needle));
    }
    const at = keepId ? shown.findIndex((e) => e.id === keepId) : -1;
    current = at >= 0 ? at : (shown.length ? 0 : -1);
    $("count").textContent = ngettext("%(shown)s of %(num)s entry", "%(shown)s of %(num)s entries",
      entries.length, { shown: number(shown.length) });
    spacer.style.height = `${shown.length * ROW_HEIGHT}px`;
    drawList();
    scrollToCurrent();
    showCurrent();
  }

  function addCheckOptions() {
    const checks = new Set();
    for (const e of entries) for (const f of e.findings || []) checks.add(f.check);
    const select = $("filter-qa");
    for (const check of [...checks].sort()) {
      select.append(el("option", { value: "check:" + check, text: _("check: %(check)s", { check }) }));
    }
  }

  // ---- the list --------------------------------------------------------------------------

  function textOf(entry) {
    return typed.has(entry.id) ? typed.get(entry.id) : entry.translation;
  }

  // Show a changed entry: its row in the list, or its sentence in the document.
  function redraw(entry) {
    if (mode === "document") docView.refresh(entry);
    else drawList();
  }

  function drawList() {
    if (mode === "document") return;
    const first = Math.max(0, Math.floor(list.scrollTop / ROW_HEIGHT) - OVERSCAN);
    const last = Math.min(shown.length,
      Math.ceil((list.scrollTop + list.clientHeight) / ROW_HEIGHT) + OVERSCAN);
    const rows = [];
    for (let i = first; i < last; i++) rows.push(row(shown[i], i));
    clear(spacer, ...rows);
    // The listbox pattern: focus stays on the list, the current row is its active option.
    if (entryNow()) list.setAttribute("aria-activedescendant", `row-${entryNow().id}`);
    else list.removeAttribute("aria-activedescendant");
  }

  function row(entry, index) {
    const findings = entry.findings || [];
    const level = findings.some((f) => f.level === "error") ? "error"
      : (findings.length ? "warning" : null);
    const text = textOf(entry);
    const node = el("div", {
      class: `row state-${entry.state}${index === current ? " current" : ""}` +
        `${typed.has(entry.id) ? " unsaved" : ""}`,
      role: "option",
      id: `row-${entry.id}`,
      "aria-selected": index === current ? "true" : "false",
      "data-id": entry.id,
      onclick: () => select(index),
    },
    el("span", { class: "row-head" },
      el("span", { class: "dot", "aria-hidden": "true" }),
      el("span", { class: "row-state", text: stateLabel(entry.state) }),
      el("span", { class: "row-where", text: placeText(entry.places) || entry.locations.join(" ") }),
      level ? el("span", { class: `qa-mark ${level}`, title: level === "error" ? _("QA error") : _("QA warning"), text: "!" }) : null,
      typed.has(entry.id) ? el("span", { class: "unsaved-mark", text: _("unsaved") }) : null),
    el("span", { class: "row-source", lang: "en", dir: "ltr", text: entry.source }),
    el("span", { class: "row-translation", lang, dir: "auto", "data-script": script,
      text: Array.isArray(text) ? text.join(" | ") : (text || "—") }));
    node.style.top = `${index * ROW_HEIGHT}px`;
    return node;
  }

  function scrollToCurrent() {
    if (mode === "document") {
      if (entryNow()) docView.place(entryNow(), editBox);
      return;
    }
    const top = current * ROW_HEIGHT;
    if (top < list.scrollTop) list.scrollTop = top;
    else if (top + ROW_HEIGHT > list.scrollTop + list.clientHeight) {
      list.scrollTop = top + ROW_HEIGHT - list.clientHeight;
    }
  }

  // ---- the current entry -----------------------------------------------------------------

  function entryNow() {
    return current >= 0 ? shown[current] : null;
  }

  function keepTyped() {
    const entry = entryNow();
    if (!entry || entry.plural) return;
    if (field.value !== (entry.translation || "")) {
      if (typed.get(entry.id) !== field.value) setTyped(entry.id, field.value);
    } else if (typed.has(entry.id)) {
      dropTyped(entry.id);
    }
  }

  function selectId(id) {
    select(shown.findIndex((e) => e.id === id));
  }

  // Make the index-th shown entry the current one; the field takes the focus unless the
  // person is moving through the list with the arrow keys.
  function select(index, focusField = true) {
    if (index < 0 || index >= shown.length) return;
    const left = entryNow();
    keepTyped();
    if (left && mode === "document") redraw(left);
    current = index;
    scrollToCurrent();
    drawList();
    showCurrent();
    if (focusField) field.focus();
  }

  function move(step, focusField = true) {
    select(Math.min(shown.length - 1, Math.max(0, current + step)), focusField);
  }

  // Why the current entry cannot be saved from the field, or null when it can.
  function lockedReason(entry) {
    if (entry.plural) return _("Plural entries are edited in a PO editor.");
    return entry.state === "approved" && !canReview ? _("Approved: only a reviewer may change it.") : null;
  }

  function stateBadge(entry) {
    const badge = $("state");
    badge.textContent = stateLabel(entry.state);
    badge.className = `badge state-${entry.state}`;
  }

  function showCurrent() {
    const entry = entryNow();
    $("loading").hidden = entries.length > 0;
    $("entry").hidden = !entry;
    if (!entry) {
      if (entries.length) { $("loading").hidden = false; $("loading").textContent = _("No entry matches."); }
      return;
    }
    history.replaceState(null, "", "#" + entry.id);
    if (machine && machine.id !== entry.id) { machine = null; clear($("machine")); }
    chord = false;
    $("where").textContent = placeText(entry.places);
    $("locations").textContent = entry.locations.join(" ");
    $("context").textContent = entry.context ? _("context: %(context)s", { context: entry.context }) : "";
    clear($("source"), entry.source);
    $("changed").hidden = !entry.diff;
    if (entry.diff) clear($("source-diff"), ...diffNodes(entry.diff));
    const locked = lockedReason(entry) !== null;
    field.value = typed.has(entry.id) ? typed.get(entry.id)
      : (entry.plural ? entry.translation.join("\n") : (entry.translation || ""));
    field.readOnly = locked;
    for (const id of ["save", "save-draft", "approve"]) {
      if ($(id)) $(id).disabled = locked;
    }
    stateBadge(entry);
    // The provenance as the PO file writes it (names, dates, engines) keeps its own direction.
    const saver = entry.author ? _("last saved by %(author)s", { author: entry.author }) : "";
    clear($("origin"),
      ...(entry.origin ? [el("bdi", { dir: "ltr", text: entry.origin })] : []),
      ...(entry.origin && saver ? [" · "] : []),
      ...(saver ? [el("span", { dir: "auto", text: saver })] : []));
    $("version").textContent = versionText(entry.version);
    // A note about this entry replaces the last message; "Saved" stays as feedback.
    if (locked) {
      say(lockedReason(entry));
    } else if (canReview && entry.state === "translated" && ownText(entry)) {
      say(_("You saved this translation last: another reviewer approves it."));
    } else if (!$("message").classList.contains("ok")) {
      say("");
    }
    $("conflict").hidden = true;
    if (conflicts.has(entry.id) && typed.has(entry.id)) showConflict(entry, typed.get(entry.id));
    showFindings(entry);
    if (mode === "segment") {
      showNeighbours(entry);
      loadDetails(entry);
    }
  }

  // The sentences before and after the current one in the catalog (the document's order),
  // source and translation, so that it is read in its context.
  function showNeighbours(entry) {
    const at = entries.indexOf(entry);
    for (const [id, other] of [["context-before", entries[at - 1]], ["context-after", entries[at + 1]]]) {
      const node = $(id);
      node.hidden = !other;
      if (!other) { clear(node); continue; }
      const text = textOf(other);
      clear(node,
        el("p", { class: "neighbour-source", lang: "en", dir: "ltr", text: other.source }),
        el("p", { class: `neighbour-translation state-${other.state}`, lang, dir: root.dataset.dir,
          "data-script": script,
          text: Array.isArray(text) ? text.join(" | ") : (text || "—") }));
      node.onclick = () => selectId(other.id);
    }
  }

  function diffNodes(runs) {
    return runs.map(([tag, text]) => tag === "equal" ? document.createTextNode(text)
      : el(tag === "insert" ? "ins" : "del", { text }));
  }

  function showFindings(entry) {
    // A reviewer may mark a finding as intended; the checks then leave this entry alone.
    const mark = (check, intended) => canReview ? el("button", {
      type: "button", class: "link", text: intended ? _("intended") : _("undo"),
      title: intended ? _("The translation is right as it is: stop reporting this here")
        : _("Report this finding here again"),
      onclick: () => markIntended(entry, check, intended) }) : null;
    const items = (entry.findings || []).map((f) => el("li", { class: f.level },
      el("strong", { lang: "en", dir: "ltr", text: f.check }), ` (${levelLabel(f.level)}) `,
      el("span", { lang: "en", dir: "ltr", text: f.message }), " ", mark(f.check, true)));
    for (const check of entry.intended || []) {
      items.push(el("li", { class: "muted" }, _("%(check)s: marked intended", { check }), " ",
        mark(check, false)));
    }
    clear($("findings"), ...(items.length ? items : [el("li", { class: "muted", text: _("No findings.") })]));
  }

  async function markIntended(entry, check, intended) {
    const result = await request(`${api}/${entry.id}/intended`, {
      method: "POST", body: { check, intended, version: entry.version },
    });
    if (!result.ok) {
      if (result.status === 409 && result.data && result.data.entry) update(entry, result.data.entry);
      say(_("Not marked: %(error)s", { error: errorText(result) }), "error");
      return;
    }
    update(entry, result.data);
    if (entryNow() === entry) {
      showFindings(entry);
      $("version").textContent = versionText(entry.version);
      say(intended ? _("%(check)s: marked intended.", { check })
        : _("%(check)s: reported again.", { check }), "ok");
      loadDetails(entry);
    }
  }

  function highlightSource(entry, terms) {
    // Wrap glossary terms of the source in <mark>, building text nodes only.
    const text = entry.source;
    const lower = text.toLowerCase();
    const spans = [];
    for (const term of terms) {
      const needle = term.en.toLowerCase();
      for (let at = lower.indexOf(needle); at >= 0; at = lower.indexOf(needle, at + 1)) {
        if (!spans.some(([s, e]) => at < e && at + needle.length > s)) {
          spans.push([at, at + needle.length, term]);
        }
      }
    }
    spans.sort((a, b) => a[0] - b[0]);
    const nodes = [];
    let position = 0;
    for (const [start, end, term] of spans) {
      nodes.push(text.slice(position, start));
      nodes.push(el("mark", { title: term.rendering || "", text: text.slice(start, end) }));
      position = end;
    }
    nodes.push(text.slice(position));
    clear($("source"), ...nodes);
  }

  // Put a suggestion in the field; a save then records where the text came from.
  function insertText(text, origin) {
    const entry = entryNow();
    if (field.readOnly || !entry) return;
    field.value = text;
    if (origin) taken.set(entry.id, { origin, text });
    keepTyped();
    redraw(entry);
    field.focus();
  }

  function originOf(entry, text) {
    const source = taken.get(entry.id);
    if (!source) return undefined;
    return source.text === text ? source.origin : `${source.origin} edited`;
  }

  // ---- machine suggestions ---------------------------------------------------------------

  function askMachines() {
    const entry = entryNow();
    if (!entry || entry.plural) return Promise.resolve(null);
    if (machine && machine.id === entry.id) return machine.request;
    clear($("machine"), el("li", { class: "muted", text: _("Asking the engines…") }));
    const request_ = request(`${api}/${entry.id}/machine`).then((result) => {
      if (!machine || machine.id !== entry.id) return null;
      if (!result.ok) {
        clear($("machine"), el("li", { class: "error",
          text: _("No suggestions: %(error)s", { error: errorText(result) }) }));
        return null;
      }
      machine.items = result.data;
      showMachines(result.data);
      return result.data;
    });
    machine = { id: entry.id, items: null, request: request_ };
    return request_;
  }

  function showMachines(items) {
    let key = 0;
    const shown = items.map((item) => {
      if (!item.translation) {
        return el("li", { class: "muted" }, el("strong", { text: item.engine }),
          `: ${item.problem || _("no suggestion")}`);
      }
      key += 1;
      item.key = key;
      return el("li", { "data-engine": item.engine },
        el("kbd", { text: key <= 9 ? String(key) : "" }), " ",
        el("strong", { text: item.origin || item.engine }), " ",
        el("span", { class: "suggestion", lang, dir: "auto", "data-script": script,
          text: item.translation }), " ",
        item.problem ? el("span", { class: "warning", text: item.problem }) : null,
        el("button", { type: "button", class: "link", text: _("Insert"),
          onclick: () => insertText(item.translation, item.origin) }));
    });
    if (items.every((item) => item.engine === "memory")) {  // the memory alone is offered
      shown.push(el("li", { class: "muted", id: "no-engines",
        text: _("No machine engine is set up: a maintainer names them in the suggestion-engines setting of pyproject.toml (see the README).") }));
    }
    clear($("machine"), ...shown);
  }

  async function insertMachine(key) {
    const entry = entryNow();
    if (entry && lockedReason(entry)) { say(lockedReason(entry), "error"); return; }
    const items = await askMachines();
    if (!items) return;  // the list says why there is none
    const item = items.find((i) => i.key === key);
    if (item) insertText(item.translation, item.origin);
    else say(_("No suggestion number %(key)s.", { key: number(key) }), "error");
  }

  async function loadDetails(entry) {
    if (detailRequest) detailRequest.abort();
    const controller = new AbortController();
    detailRequest = controller;
    for (const id of ["glossary", "memory", "comments", "history"]) {
      clear($(id), el("li", { class: "muted", text: "…" }));
    }
    let result;
    try {
      result = await request(`${api}/${entry.id}`, { signal: controller.signal });
    } catch (error) {
      if (error.name === "AbortError") return;
      throw error;
    }
    if (entryNow() !== entry || !result.ok) return;
    const detail = result.data;
    const glossary = detail.suggestions.glossary;
    highlightSource(entry, glossary);
    clear($("glossary"), ...(glossary.length ? glossary.map((t) => el("li", {},
      el("span", { lang: "en", dir: "ltr", text: t.en }), ` ${forward} `,
      t.rendering ? el("button", { type: "button", class: "link", lang, dir: "auto",
        "data-script": script,
        title: _("Insert at the cursor"), text: t.rendering,
        onclick: () => insertAtCursor(t.rendering) }) : el("em", { text: _("no rendering") }),
      t.note ? el("span", { class: "muted", lang: "en", dir: "ltr", text: ` (${t.note})` })
        : null))
      : [el("li", { class: "muted", text: _("No glossary terms.") })]));
    const memory = detail.suggestions.memory;
    clear($("memory"), ...(memory.length ? memory.map((m) => el("li", {},
      el("span", { class: "similarity", text: percent(m.similarity) }), " ",
      el("span", { class: "muted", lang: "en", text: m.source }), el("br"),
      el("span", { lang, dir: "auto", "data-script": script, text: m.translation }), " ",
      el("button", { type: "button", class: "link", text: _("Use"),
        onclick: () => insertText(m.translation, `memory:${m.similarity}%`) })))
      : [el("li", { class: "muted", text: _("No similar entries.") })]));
    showComments(detail.comments);
    clear($("history"), ...(detail.history.length ? detail.history.map((h) => el("li", {},
      el("span", { class: "muted", text: `${moment(h.at)} · ${versionText(h.version)} · ` }),
      el("strong", { text: h.user || (h.superseded
        ? _("changed in the PO file, replaced by the saved version")
        : _("changed in the PO file")) }),
      ` ${stateLabel(h.state)}`,
      h.origin ? el("span", { class: "muted" }, " · ",
        h.user ? _("from %(origin)s", { origin: h.origin })
          : _("the file's comment: %(provenance)s", { provenance: h.origin })) : null,
      el("br"),
      h.intended !== null
        ? el("span", { text: _("QA findings marked intended: %(checks)s",
          { checks: h.intended || NONE }) })
        : el("span", { class: "diff", lang, dir: "auto", "data-script": script },
          ...diffNodes(h.diff))))
      : [el("li", { class: "muted", text: _("No changes in the app yet.") })]));
  }

  function insertAtCursor(text) {
    if (field.readOnly) return;
    field.setRangeText(text, field.selectionStart, field.selectionEnd, "end");
    keepTyped();
    field.focus();
  }

  function showComments(comments) {
    clear($("comments"), ...(comments.length ? comments.map((c) => el("li", {},
      el("strong", { text: c.user }), el("span", { class: "muted", text: ` ${moment(c.at)}` }),
      el("br"), el("span", { dir: "auto", text: c.text })))
      : [el("li", { class: "muted", text: _("No comments.") })]));
  }

  // ---- saving ----------------------------------------------------------------------------

  function update(entry, data) {
    Object.assign(entry, data);
    redraw(entry);
  }

  // Save the current entry (and go on to the next one at once: the save runs meanwhile).
  function save(state, next) {
    const entry = entryNow();
    if (!entry) return Promise.resolve();
    if (field.readOnly) {  // refused: the reason stays said on the entry moved to
      const reason = lockedReason(entry);
      if (next) move(1);
      say(reason, "error");
      return Promise.resolve();
    }
    const text = field.value;
    lastState.set(entry.id, state);
    keepTyped();
    if (next) move(1);
    return queueSave(entry, text, state, originOf(entry, text));
  }

  // Saves of one entry go one after the other, each with the version the last answer gave:
  // fast work never meets a conflict with itself.
  function queueSave(entry, text, state, origin) {
    const before = inFlight.get(entry.id) || Promise.resolve();
    const run = before.then(() => send(entry, text, state, origin));
    inFlight.set(entry.id, run);
    run.finally(() => { if (inFlight.get(entry.id) === run) inFlight.delete(entry.id); });
    return run;
  }

  async function send(entry, text, state, origin) {
    const version = typedBase.has(entry.id) ? typedBase.get(entry.id) : entry.version;
    say(_("Saving…"));
    const body = { translation: text, state, version };
    if (origin) body.origin = origin;
    let result;
    try {
      result = await request(`${api}/${entry.id}`, { method: "PUT", body });
    } catch (error) {
      setTyped(entry.id, text);
      say(_("Not saved: the server cannot be reached. Your text is kept."), "error");
      return;
    }
    let isCurrent = entryNow() === entry;
    if (result.ok) {
      const now = isCurrent ? field.value : typed.get(entry.id);
      if (now === undefined || now === text) dropTyped(entry.id);
      else typedBase.delete(entry.id);
      conflicts.delete(entry.id);
      taken.delete(entry.id);
      update(entry, result.data);
      say(_("Saved (%(state)s).", { state: stateLabel(entry.state) }), "ok");
      if (isCurrent) {
        stateBadge(entry);
        $("version").textContent = versionText(entry.version);
        $("conflict").hidden = true;
        showFindings(entry);
        if (mode === "segment") loadDetails(entry);
      }
      return;
    }
    if (result.status === 503 && result.data && result.data.entry) {
      // Kept in the journal: saved, only the PO file is late.
      const now = isCurrent ? field.value : typed.get(entry.id);
      if (now === undefined || now === text) dropTyped(entry.id);
      update(entry, result.data.entry);
      if (isCurrent) $("version").textContent = `version ${entry.version}`;
      say(_("Saved; %(reason)s", { reason: reasonOf(result.data) }), "error");
      return;
    }
    setTyped(entry.id, text);
    if (!isCurrent && shown.includes(entry)) {
      selectId(entry.id);  // back to the entry that was not saved; what was typed is kept
      isCurrent = true;
    }
    if (result.status === 409 && result.data && result.data.entry) {
      typedBase.delete(entry.id);
      conflicts.add(entry.id);
      update(entry, result.data.entry);  // the version to save over, if the person chooses to
      if (isCurrent) showConflict(entry, text);
      return;
    }
    if (isCurrent) field.value = text;
    redraw(entry);
    say(_("Not saved: %(error)s", { error: errorText(result) }), "error");
  }

  // ---- sign-off --------------------------------------------------------------------------

  // Approve entries as read, after a confirmation that names how many: only translated
  // entries, never a draft (someone opens it and approves it) nor, under four eyes, the
  // reviewer's own text. Each passes the approval rules on its own; what was not approved
  // is listed with the reason.
  async function approve(ids) {
    if (!canReview || !ids.length) return;
    keepTyped();
    const byId = new Map(entries.map((e) => [e.id, e]));
    const refused = [];
    const wanted = [];
    let drafts = 0;
    let own = 0;
    for (const id of new Set(ids)) {
      const entry = byId.get(id);
      if (!entry) continue;
      if (typed.has(id)) refused.push({ entry, reason: _("unsaved text: save it or undo it first") });
      else if (entry.state === "draft") drafts += 1;
      else if (entry.state !== "translated") continue;
      else if (ownText(entry)) own += 1;
      else wanted.push({ id, version: entry.version });
    }
    const left = [
      drafts ? ngettext("%(num)s draft is left as it is: a draft is approved by someone who opens it.",
        "%(num)s drafts are left as they are: a draft is approved by someone who opens it.", drafts) : "",
      own ? ngettext("%(num)s translation you saved is left for another reviewer.",
        "%(num)s translations you saved are left for another reviewer.", own) : "",
    ].filter(Boolean).join(" ");
    if (!wanted.length) {
      if (refused.length) showSignoff(0, refused);
      say([_("Nothing to approve: only translated entries are approved all at once."), left]
        .filter(Boolean).join(" "), "error");
      return;
    }
    const question = ngettext("Approve %(num)s translated entry?", "Approve %(num)s translated entries?",
      wanted.length);
    if (!window.confirm(left ? `${question}\n\n${left}` : question)) {
      say(_("Nothing was approved."));
      return;
    }
    say(_("Approving…"));
    let approved = 0;
    await Promise.all(wanted.map((w) => inFlight.get(w.id)).filter(Boolean));
    for (const w of wanted) w.version = byId.get(w.id).version;
    const result = await request(approveApi, { method: "POST", body: { entries: wanted } });
    if (!result.ok) {
      say(_("Not approved: %(error)s", { error: errorText(result) }), "error");
      return;
    }
    for (const item of result.data) {
      const entry = byId.get(item.id);
      if (entry && item.entry) update(entry, item.entry);
      if (item.approved) approved += 1;
      else if (entry) refused.push({ entry, reason: item.reason });
    }
    showSignoff(approved, refused);
    const entry = entryNow();
    if (entry) { stateBadge(entry); $("version").textContent = versionText(entry.version); showFindings(entry); }
    const counts = { approved: number(approved), refused: number(refused.length) };
    say([refused.length ? _("%(approved)s approved, %(refused)s not approved.", counts)
      : _("%(approved)s approved.", counts), left].filter(Boolean).join(" "),
    refused.length ? "error" : "ok");
  }

  function showSignoff(approved, refused) {
    const box = $("signoff");
    box.hidden = false;
    const counts = { approved: number(approved), refused: number(refused.length) };
    clear($("signoff-summary"), _("%(approved)s approved.", counts) +
      (refused.length ? ` ${_("Not approved (%(refused)s):", counts)}` : ""));
    clear($("signoff-refused"), ...refused.map(({ entry, reason }) => el("li", { "data-id": entry.id },
      el("button", { type: "button", class: "link", lang: "en", dir: "ltr", text: entry.source,
        onclick: () => selectId(entry.id) }),
      el("span", { class: "reason", text: ` — ${reason}` }))));
  }

  // ---- views -----------------------------------------------------------------------------

  async function loadStructure() {
    if (structure) return true;
    const result = await request(documentApi);
    if (!result.ok) {
      say(_("Cannot load the document: %(error)s", { error: errorText(result) }), "error");
      return false;
    }
    structure = result.data.blocks;
    const stale = result.data.stale;
    if (stale) {
      say(ngettext("The source changed since this catalog was made: %(num)s sentence has no entry and is not shown (first: %(place)s). Run extract and update.",
        "The source changed since this catalog was made: %(num)s sentences have no entry and are not shown (first: %(place)s). Run extract and update.",
        stale.count, { place: placeText([stale.place]) }), "error");
    }
    return true;
  }

  async function setMode(wanted) {
    keepTyped();
    const keep = (entryNow() && entryNow().id) || location.hash.slice(1);
    if (wanted === "document" && !(await loadStructure())) return;
    mode = wanted;
    root.classList.toggle("mode-document", mode === "document");
    root.classList.toggle("mode-segment", mode === "segment");
    $("document").hidden = mode !== "document";
    $("panes").hidden = mode === "document";
    $("view-toggle").textContent = mode === "document" ? _("Segment view") : _("Document view");
    const url = new URL(location.href);
    if (mode === "document") url.searchParams.set("view", "document");
    else url.searchParams.delete("view");
    history.replaceState(null, "", url);
    if (mode === "document") {
      docView.render(structure, new Map(entries.map((e) => [e.id, e])), textOf,
        (entry) => typed.has(entry.id));
    } else {
      editHome.before(editBox);
    }
    applyFilters(keep);
    field.focus();
  }

  function showConflict(entry, mine) {
    if (entryNow() !== entry) return;
    field.value = mine;
    $("theirs-author").textContent = entry.author || entry.origin || _("someone");
    $("theirs-text").textContent = entry.translation || "";
    $("mine-text").textContent = mine;
    $("conflict").hidden = false;
    stateBadge(entry);
    $("version").textContent = versionText(entry.version);
    say(_("Not saved: this entry changed since you opened it (another person, another tab or the PO file). Compare and choose."),
        "error");
  }

  // ---- events ----------------------------------------------------------------------------

  $("save").addEventListener("click", () => save("translated", true));
  $("save-draft").addEventListener("click", () => save("draft", false));
  if ($("approve")) $("approve").addEventListener("click", () => save("approved", true));
  $("keep-mine").addEventListener("click", () => {
    const entry = entryNow();
    if (entry) save(lastState.get(entry.id) || "translated", false);
  });
  $("take-theirs").addEventListener("click", () => {
    const entry = entryNow();
    if (!entry) return;
    dropTyped(entry.id);
    conflicts.delete(entry.id);
    field.value = entry.translation || "";
    $("conflict").hidden = true;
    say("");
    redraw(entry);
  });
  field.addEventListener("input", () => {
    const entry = entryNow();
    if (!entry) return;
    const wasTyped = typed.has(entry.id);
    keepTyped();
    // The running text of the document follows the typing; the list only marks it unsaved.
    if (mode === "document" || wasTyped !== typed.has(entry.id)) redraw(entry);
  });
  $("ask-machines").addEventListener("click", () => askMachines());
  $("view-toggle").addEventListener("click", () => setMode(mode === "document" ? "segment" : "document"));
  if ($("approve-shown")) $("approve-shown").addEventListener("click", () => approve(shown.map((e) => e.id)));
  $("signoff-close").addEventListener("click", () => { $("signoff").hidden = true; });
  $("comment-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const entry = entryNow();
    const text = $("comment-text").value;
    if (!entry || !text.trim()) return;
    const result = await request(`${api}/${entry.id}/comments`, { method: "POST", body: { text } });
    if (result.ok) {
      $("comment-text").value = "";
      loadDetails(entry);
    } else {
      say(_("Comment not added: %(error)s", { error: errorText(result) }), "error");
    }
  });

  let searchTimer = null;
  $("search").addEventListener("input", () => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(() => { keepTyped(); applyFilters(entryNow() && entryNow().id); }, 150);
  });
  for (const id of ["filter-state", "filter-qa"]) {
    $(id).addEventListener("change", () => { keepTyped(); applyFilters(entryNow() && entryNow().id); });
  }

  let frame = 0;
  list.addEventListener("scroll", () => {
    if (!frame) frame = requestAnimationFrame(() => { frame = 0; drawList(); });
  });
  window.addEventListener("resize", () => drawList());

  document.addEventListener("keydown", (event) => {
    const ctrl = event.ctrlKey || event.metaKey;
    // Keys by their place on the keyboard, so that they work in a Persian or Arabic layout.
    const digit = /^(Digit|Numpad)([1-9])$/.exec(event.code);
    if (chord && digit && !ctrl && !event.altKey) {
      event.preventDefault();
      chord = false;
      insertMachine(Number(digit[2]));
      return;
    }
    if (!["Control", "Meta", "Shift"].includes(event.key)) chord = false;
    if (ctrl && !event.shiftKey && !event.altKey && event.code === "KeyM") {
      event.preventDefault();
      chord = true;
      askMachines();
    } else if (ctrl && event.key === "Enter") {
      event.preventDefault();
      if (!event.shiftKey) save("translated", true);
      else if (canReview) save("approved", true);
      else say(_("Only a reviewer approves: nothing was approved. Ctrl+Enter saves your text as translated."), "error");
    } else if (event.altKey && (event.key === "ArrowDown" || event.key === "ArrowUp")) {
      event.preventDefault();
      move(event.key === "ArrowDown" ? 1 : -1);
    }
  });

  // The entry list as a listbox: the arrows, Home and End choose the entry, Enter goes to
  // its field; the focus stays on the list meanwhile.
  const LIST_KEYS = { ArrowDown: () => move(1, false), ArrowUp: () => move(-1, false),
    Home: () => select(0, false), End: () => select(shown.length - 1, false),
    Enter: () => field.focus() };
  list.addEventListener("keydown", (event) => {
    const act = LIST_KEYS[event.key];
    if (!act || event.altKey || event.ctrlKey || event.metaKey) return;
    event.preventDefault();
    act();
  });
  // The skip link goes to the field without changing the address (it names the entry).
  const skip = document.querySelector('.skip[href="#translation"]');
  if (skip) {
    skip.addEventListener("click", (event) => {
      event.preventDefault();
      field.focus();
    });
  }

  window.addEventListener("beforeunload", (event) => {
    keepTyped();
    // The text survives a reload in this tab; closing the tab would lose it, so ask.
    if (typed.size) { event.preventDefault(); event.returnValue = ""; }
  });

  // ---- start -----------------------------------------------------------------------------

  (async () => {
    const structureLoading = mode === "document" ? loadStructure() : Promise.resolve(false);
    const result = await request(api);
    if (!result.ok) {
      $("loading").textContent = _("Cannot load entries: %(error)s", { error: errorText(result) });
      return;
    }
    entries = result.data;
    for (const e of entries) e._source = e.source.toLowerCase();
    const restored = restoreTyped();
    addCheckOptions();
    if (mode === "document" && (await structureLoading)) {
      await setMode("document");
    } else {
      mode = "segment";
      root.classList.add("mode-segment");
      applyFilters(location.hash.slice(1));
    }
    if (restored) {
      say(ngettext("%(num)s unsaved text from before the reload is back in its field.",
        "%(num)s unsaved texts from before the reload are back in their fields.", restored));
    }
    root.dataset.ready = "true";
    performance.mark("editor-ready");  // time to interactive, for measurements
  })();
})();
