// The document view of the editor: the whole document in its own layout, the source and
// the translation side by side block by block, every sentence a span that shows its state
// and QA findings. editor.js owns the entries and the editing; this file only draws.
"use strict";

window.documentView = ({ container, lang, dir, canReview, el, onSelect, onApprove }) => {
  let blocks = [];
  const spans = new Map();   // entry id -> the spans that show it (source and translation)

  function qaLevel(entry) {
    const findings = entry.findings || [];
    if (findings.some((f) => f.level === "error")) return "error";
    return findings.length ? "warning" : null;
  }

  function sentence(entry, side, text) {
    const level = side === "translation" ? qaLevel(entry) : null;
    const empty = side === "translation" && !text;
    const node = el("span", {
      class: `sent state-${entry.state}${empty ? " empty" : ""}`,
      "data-id": entry.id,
      title: side === "translation" ? entry.state : null,
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

  function cell(block, side, byId, textOf) {
    const source = side === "source";
    const node = el("div", {
      class: `doc-cell doc-${side}`,
      lang: source ? "en" : lang,
      dir: source ? "ltr" : dir,
    });
    if (block.marker) {
      node.append(el("span", { class: "doc-marker",
        text: source ? block.marker : block.translated_marker }), " ");
    }
    block.entries.forEach((id, at) => {
      const entry = byId.get(id);
      if (!entry) return;
      if (at) node.append(" ");
      node.append(sentence(entry, side, source ? entry.source : textOf(entry)));
    });
    return node;
  }

  // Draw every block; `textOf(entry)` is the text to show (typed and unsaved, or saved).
  function render(structure, byId, textOf) {
    blocks = structure;
    spans.clear();
    const rows = document.createDocumentFragment();
    blocks.forEach((block, index) => {
      const kind = block.marker ? (block.numbered ? "numbered" : "bulleted") : block.kind;
      const row = el("div", {
        class: `doc-row kind-${kind.replace(" ", "-")}${block.gap ? " gap" : ""}`,
        "data-block": index,
      }, cell(block, "source", byId, textOf), cell(block, "translation", byId, textOf));
      if (canReview) {
        row.append(el("div", { class: "doc-gutter" }, el("button", {
          type: "button", class: "link approve-block", text: "Approve paragraph",
          title: "Approve every sentence of this paragraph that passes the approval rules",
        })));
      }
      rows.append(row);
    });
    container.replaceChildren(rows);
  }

  // The entry ids in the order the document shows them, each once.
  function order() {
    const seen = new Set();
    for (const block of blocks) for (const id of block.entries) seen.add(id);
    return [...seen];
  }

  // Show an entry's new text, state and findings wherever it appears.
  function refresh(entry, text, unsaved) {
    const old = spans.get(entry.id) || [];
    spans.set(entry.id, []);
    for (const node of old) {
      const side = node.closest(".doc-source") ? "source" : "translation";
      const fresh = sentence(entry, side, side === "source" ? entry.source : text);
      fresh.classList.toggle("current", node.classList.contains("current"));
      fresh.classList.toggle("unsaved", side === "translation" && unsaved);
      node.replaceWith(fresh);
    }
  }

  // Put the editing box right under the current sentence of the translation column.
  function place(entry, box) {
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

  return { render, order, refresh, place };
};
