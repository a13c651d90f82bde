// Progress bars: widths come from data attributes, since the page allows no inline style.
"use strict";
for (const segment of document.querySelectorAll(".bar .seg[data-width]")) {
  segment.style.width = `${segment.dataset.width}%`;
}
