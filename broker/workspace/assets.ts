/**
 * The workspace's one stylesheet, served from this origin: the Content-Security-Policy
 * allows no inline style, so every look is a class here. Charts use the same classes.
 */
export const STYLESHEET = `:root {
  --ink: #1b1b1b; --muted: #4a4a4a; --line: #c8c8c8; --paper: #ffffff; --band: #f3f5f8;
  --accent: #154273; --accent-ink: #ffffff; --warn: #8a1c1c; --warn-paper: #fdecec;
  --ok: #1e5b2b; --hidden: #767676;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink);
  background: var(--paper); line-height: 1.45;
}
* { box-sizing: border-box; }
body { margin: 0; }
a { color: var(--accent); }
a:focus, button:focus, input:focus, select:focus { outline: 3px solid #ffbf47; outline-offset: 1px; }
.skip { position: absolute; left: -999px; }
.skip:focus { left: 8px; top: 8px; background: var(--paper); padding: 4px 8px; z-index: 2; }
.top { display: flex; flex-wrap: wrap; gap: 8px 24px; align-items: baseline; padding: 12px 24px;
  background: var(--accent); color: var(--accent-ink); }
.top a { color: var(--accent-ink); }
.brand { font-weight: 700; font-size: 1.15rem; text-decoration: none; }
.who { margin: 0; flex: 1 1 auto; }
.languages { display: flex; gap: 12px; }
.languages a[aria-current] { font-weight: 700; text-decoration: none; }
.modules, .sections { display: flex; flex-wrap: wrap; gap: 4px 20px; padding: 8px 24px;
  border-bottom: 1px solid var(--line); }
.modules { background: var(--band); }
nav a[aria-current] { font-weight: 700; color: var(--ink); text-decoration: none; }
.top nav a[aria-current] { color: var(--accent-ink); }
main { padding: 16px 24px 48px; max-width: 1200px; }
h1 { font-size: 1.6rem; margin: 8px 0 16px; }
h2 { font-size: 1.2rem; margin: 28px 0 8px; }
form.filters { display: grid; grid-template-columns: repeat(auto-fill, minmax(200px, 1fr)); gap: 8px 16px;
  align-items: end; padding: 12px; background: var(--band); border: 1px solid var(--line); }
form.filters .actions { grid-column: 1 / -1; }
label { display: block; font-weight: 600; font-size: 0.9rem; }
input, select { display: block; width: 100%; margin-top: 2px; padding: 6px; font: inherit;
  border: 1px solid var(--muted); border-radius: 2px; background: var(--paper); color: var(--ink); }
input[type="radio"] { display: inline; width: auto; }
fieldset { border: 1px solid var(--line); }
button { font: inherit; padding: 7px 16px; border: 0; border-radius: 2px; background: var(--accent);
  color: var(--accent-ink); cursor: pointer; }
.table-wrap { overflow-x: auto; }
caption { text-align: left; font-weight: 600; padding: 4px 0; }
table { border-collapse: collapse; width: 100%; margin: 8px 0; font-size: 0.92rem; }
th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: var(--band); }
td.number, th.number { text-align: right; font-variant-numeric: tabular-nums; }
code, .hash { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 0.85rem; word-break: break-all; }
dl.record { display: grid; grid-template-columns: minmax(140px, max-content) 1fr; gap: 4px 16px; }
dl.record dt { font-weight: 600; }
dl.record dd { margin: 0; }
.notice { padding: 8px 12px; border-left: 4px solid var(--accent); background: var(--band); }
.alert { padding: 8px 12px; border-left: 4px solid var(--warn); background: var(--warn-paper); }
.badge { display: inline-block; padding: 0 6px; border-radius: 2px; font-size: 0.85rem; border: 1px solid currentColor;
  white-space: nowrap; }
.badge.deny, .badge.overdue { color: var(--warn); }
.badge.allow, .badge.intact { color: var(--ok); }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(260px, 1fr)); gap: 16px; }
.card { border: 1px solid var(--line); padding: 12px 16px; }
.card h2 { margin-top: 0; }
section.version { border-top: 1px solid var(--line); margin-top: 16px; }
h3 { font-size: 1.05rem; margin: 16px 0 8px; }
ul.categories { margin: 0; padding-left: 18px; }
ol.timeline { list-style: none; padding: 0; border-left: 3px solid var(--accent); margin-left: 8px; }
ol.timeline li { position: relative; padding: 4px 0 12px 16px; }
ol.timeline time { font-weight: 600; display: block; }
figure.chart { margin: 16px 0; }
figure.chart svg { max-width: 100%; height: auto; }
figure.chart figcaption { font-weight: 600; }
.bar { fill: var(--accent); }
.bar-hidden { fill: none; stroke: var(--hidden); stroke-dasharray: 4 3; }
.axis { stroke: var(--muted); }
.chart-label { font-size: 14px; fill: var(--ink); }
.pager { display: flex; gap: 16px; margin: 12px 0; }
@media (max-width: 600px) {
  .top, .modules, .sections, main { padding-left: 12px; padding-right: 12px; }
  dl.record { grid-template-columns: 1fr; }
  dl.record dd { margin-bottom: 6px; }
}
`;

/** The workspace's icon, so the browser does not probe /favicon.ico outside it. */
export const ICON = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" rx="3" fill="#154273"/><path d="M4 4h8v2L6.5 10H12v2H4v-2l5.5-4H4z" fill="#fff"/></svg>`;
