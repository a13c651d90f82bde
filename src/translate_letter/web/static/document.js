// The document view of the editor: the whole document in its own layout, the source and
// the translation side by side block by block, every sentence a span that shows its state
// and QA findings. editor.js owns the entries and the editing; this file only draws.
// A long document gets one empty row per block at once; a row's sentences are drawn when it
// comes near the screen, and the rest while the browser is idle.
"use strict";

window.documentView = ({ container, lang, dir, script, canReview, el, onSelect, onApprove }) => {
  const { gettext: _, stateLabel } = window.i18n;
  const FILL_AHEAD = "1200px 0px";
  const FILL_BATCH = 40;
  let blocks = [];
  let rows = [];             // the row of each block
  let filled = [];           // whether a row's sentences are drawn
  let byId = new Map();
  let textOf = (entry) => entry.translation;
  let unsaved = () => false;
  let ids = [];              // entry ids in document order, each once
  const blockOf = new Map(); // entry id -> index of the first block that shows it
  const spans = new Map();   // entry id -> the spans that show it (source and translation)
  const observer = new IntersectionObserver((seen) => {
    for (const item of seen) if (item.isIntersecting) fill(Number(item.target.dataset.block));
  }, { root: container.parentElement, rootMargin: FILL_AHEAD });

  function qaLevel(entry) {
    const findings = entry.findings || [];
    if (findings.some((f) => f.level === "error")) return "error";
    return findings.length ? "warning" : null;
  }

  function sentence(entry, side, text) {
    const level = side === "translation" ? qaLevel(entry) : null;
    const empty = side === "translation" && !text;
    // A sentence of the translation is a Tab stop (Enter or Space edits it); its state is
    // said by its underline's style and its title.
    const node = el("span", {
      class: `sent state-${entry.state}${empty ? " empty" : ""}`,
      "data-id": entry.id,
      title: side === "translation" ? stateLabel(entry.state) : null,
      tabindex: side === "translation" ? "0" : null,
      role: side === "translation" ? "button" : null,
    }, empty ? "…" : text);
    if (level) {
      node.append(el("sup", {
        class: `qa-mark ${level}`, text: "!",
        title: entry.findings.map((f) => `${f.check}: ${f.message}`).join("\n"),
      }));
    }
    if (!spans.has(entry.id)) spans.set(entry.id, []);
    spans.get(entry.id).push(node);
    return node;
  }

  function cell(block, side) {
    const source = side === "source";
    const node = el("div", {
      class: `doc-cell doc-${side}`,
      lang: source ? "en" : lang,
      dir: source ? "ltr" : dir,
      "data-script": source ? null : script,
    });
    if (block.marker) {
      node.append(el("span", { class: "doc-marker",
        text: source ? block.marker : block.translated_marker }), " ");
    }
    block.entries.forEach((id, at) => {
      const entry = byId.get(id);
      if (!entry) return;
      if (at) node.append(" ");
      const shown = sentence(entry, side, source ? entry.source : textOf(entry));
      if (!source && unsaved(entry)) shown.classList.add("unsaved");
      node.append(shown);
    });
    return node;
  }

  // Lay out every block; `text(entry)` is the text to show (typed or saved), `typed(entry)`
  // whether it is typed and not saved yet.
  function render(structure, entries, text, typed) {
    blocks = structure;
    byId = entries;
    textOf = text;
    unsaved = typed;
    spans.clear();
    blockOf.clear();
    observer.disconnect();
    const fragment = document.createDocumentFragment();
    rows = blocks.map((block, index) => {
      for (const id of block.entries) if (!blockOf.has(id)) blockOf.set(id, index);
      const kind = block.marker ? (block.numbered ? "numbered" : "bulleted") : block.kind;
      const row = el("div", {
        class: `doc-row kind-${kind.replace(" ", "-")}${block.gap ? " gap" : ""}`,
        "data-block": index,
      });
      fragment.append(row);
      observer.observe(row);
      return row;
    });
    filled = blocks.map(() => false);
    ids = [...blockOf.keys()];
    container.replaceChildren(fragment);
    fillWhenIdle(0);
  }

  function fill(index) {
    if (filled[index]) return;
    filled[index] = true;
    const block = blocks[index];
    const row = rows[index];
    observer.unobserve(row);
    row.append(cell(block, "source"), cell(block, "translation"));
    if (canReview) {
      row.append(el("div", { class: "doc-gutter" }, el("button", {
        type: "button", class: "link approve-block", text: _("Approve paragraph"),
        title: _("Approve every translated sentence of this paragraph that passes the approval rules"),
      })));
    }
  }

  // Draw the remaining rows in the browser's idle moments, never delaying a key or a click.
  function fillWhenIdle(from) {
    const drawn = blocks;
    requestIdleCallback((deadline) => {
      if (drawn !== blocks) return;  // drawn again meanwhile: that drawing goes on
      let index = from;
      while (index < blocks.length && deadline.timeRemaining() > 1) {
        const end = Math.min(blocks.length, index + FILL_BATCH);
        for (; index < end; index++) fill(index);
      }
      if (index < blocks.length) fillWhenIdle(index);
    });
  }

  // The entry ids in the order the document shows them, each once.
  function order() {
    return ids;
  }

  // Show an entry's new text, state and findings wherever it appears.
  function refresh(entry) {
    const old = spans.get(entry.id) || [];
    spans.set(entry.id, []);
    for (const node of old) {
      const side = node.closest(".doc-source") ? "source" : "translation";
      const fresh = sentence(entry, side, side === "source" ? entry.source : textOf(entry));
      fresh.classList.toggle("current", node.classList.contains("current"));
      fresh.classList.toggle("unsaved", side === "translation" && unsaved(entry));
      node.replaceWith(fresh);
    }
  }

  // Put the editing box right under the current sentence of the translation column.
  function place(entry, box) {
    if (blockOf.has(entry.id)) fill(blockOf.get(entry.id));
    for (const node of container.querySelectorAll(".sent.current")) node.classList.remove("current");
    const nodes = spans.get(entry.id) || [];
    for (const node of nodes) node.classList.add("current");
    const target = nodes.find((n) => n.closest(".doc-translation"));
    if (!target) return;
    const row = target.closest(".doc-row");
    row.after(box);
    target.scrollIntoView({ block: "nearest" });
    box.scrollIntoView({ block: "nearest" });
  }

  container.addEventListener("click", (event) => {
    const approve = event.target.closest(".approve-block");
    if (approve) {
      onApprove(blocks[Number(approve.closest(".doc-row").dataset.block)].entries);
      return;
    }
    const seg = event.target.closest(".sent");
    if (seg) onSelect(seg.dataset.id);
  });
  container.addEventListener("keydown", (event) => {
    const seg = event.target.closest(".sent[tabindex]");
    if (!seg || !["Enter", " "].includes(event.key) || event.ctrlKey || event.altKey) return;
    event.preventDefault();
    onSelect(seg.dataset.id);
  });

  return { render, order, refresh, place };
};
