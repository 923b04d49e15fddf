// What "nothing overlaps" means on the page, shared by the label and caption tests: the labels
// shown at rest and the deal badges shown stay inside their player, none overlaps another (by
// more than a pixel), and none covers another tag's target (its outer 2 px aside).
import { expect } from "@playwright/test";

/// In the page: every overlap found, and how many labels and badges show or are muted.
export function clearInPage() {
  const bad = [];
  const count = { shown: 0, muted: 0, badges: 0, badgesMuted: 0 };
  const meets = (a, b) => Math.min(a.right, b.right) - Math.max(a.left, b.left) > 1 && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 1;
  const inset = (r, d) => ({ left: r.left + d, right: r.right - d, top: r.top + d, bottom: r.bottom - d });
  for (const root of document.querySelectorAll(".so-root")) {
    const where = root.previousElementSibling?.id || root.parentElement?.id || "player";
    const box = root.getBoundingClientRect();
    const tags = [...root.querySelectorAll(".so-tag:not(.so-tag--hidden):not(.so-tag--soon)")];
    const items = [];
    for (const tag of tags) {
      const id = tag.dataset.tagId;
      const label = tag.querySelector(".so-label--always");
      if (label && tag.classList.contains("so-tag--label-muted")) count.muted++;
      else if (label) {
        count.shown++;
        items.push({ what: `${id} label`, tag, r: label.getBoundingClientRect() });
      }
      const badge = tag.querySelector(".so-badge");
      if (badge && tag.classList.contains("so-tag--badge-muted")) count.badgesMuted++;
      else if (badge) {
        count.badges++;
        items.push({ what: `${id} badge`, tag, r: badge.getBoundingClientRect() });
      }
    }
    items.forEach((a, i) => {
      if (a.r.left < box.left - 1 || a.r.right > box.right + 1 || a.r.top < box.top - 1 || a.r.bottom > box.bottom + 1) bad.push(`${where}: ${a.what} past the player`);
      for (const b of items.slice(i + 1)) if (meets(a.r, b.r)) bad.push(`${where}: ${a.what} over ${b.what}`);
      for (const t of tags) if (t !== a.tag && meets(a.r, inset(t.getBoundingClientRect(), 2))) bad.push(`${where}: ${a.what} over tag ${t.dataset.tagId}`);
    });
  }
  return { bad, ...count };
}

/// Installs `window.__clear` before the page's scripts, the way Playwright injects them
/// (exempt from the page's CSP), for checks run inside the page every frame.
export const installClear = (page) => page.addInitScript({ content: `window.__clear = ${clearInPage.toString()};` });

/// Nothing overlaps on the page now.
export async function expectClear(page, message) {
  const r = await page.evaluate(clearInPage);
  expect(r.bad, message).toEqual([]);
  return r;
}
