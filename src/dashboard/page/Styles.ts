/** The page's whole stylesheet: system fonts, no external assets (the host may have no internet). */
export const STYLES = `
:root { --bg: #0f1419; --panel: #171d24; --line: #27303a; --text: #e6e9ec; --muted: #8b96a3;
  --ok: #3fb950; --warn: #d29922; --bad: #f85149; --accent: #58a6ff; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--text);
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; }
header { display: flex; align-items: center; gap: 12px; padding: 14px 24px; border-bottom: 1px solid var(--line); }
header h1 { font-size: 18px; margin: 0 auto 0 0; font-weight: 600; }
main { padding: 18px 24px 32px; display: grid; gap: 16px; grid-template-columns: repeat(4, minmax(0, 1fr)); }
section { background: var(--panel); border: 1px solid var(--line); border-radius: 8px; padding: 14px 16px; min-width: 0; }
section.wide { grid-column: 1 / -1; }
section.half { grid-column: span 2; }
h2 { font-size: 12px; letter-spacing: .06em; text-transform: uppercase; color: var(--muted); margin: 0 0 10px; font-weight: 600; }
dl { display: grid; grid-template-columns: auto 1fr; gap: 4px 12px; margin: 0; }
dt { color: var(--muted); }
dd { margin: 0; text-align: right; font-variant-numeric: tabular-nums; }
.big { font-size: 22px; font-weight: 600; font-variant-numeric: tabular-nums; }
.caption { color: var(--muted); font-size: 12px; margin-bottom: 8px; }
.badge { display: inline-block; padding: 2px 9px; border-radius: 999px; font-size: 12px; font-weight: 600;
  border: 1px solid currentColor; }
.ok { color: var(--ok); } .warn { color: var(--warn); } .bad { color: var(--bad); } .muted { color: var(--muted); }
.bar { height: 6px; background: var(--line); border-radius: 3px; overflow: hidden; margin: 0 0 10px; }
.bar > div { width: 0; height: 100%; background: var(--accent); }
table { width: 100%; border-collapse: collapse; font-variant-numeric: tabular-nums; }
th, td { padding: 6px 8px; text-align: right; border-bottom: 1px solid var(--line); white-space: nowrap; }
th:first-child, td:first-child { text-align: left; }
th { color: var(--muted); font-weight: 500; font-size: 12px; }
td.empty { text-align: center; color: var(--muted); }
#events th:last-child, td.reasons { text-align: left; }
td.reasons { white-space: normal; color: var(--muted); }
.scroll { overflow-x: auto; }
svg { width: 100%; height: 220px; display: block; }
svg .grid { stroke: var(--line); stroke-width: 1; }
svg .line { fill: none; stroke: var(--accent); stroke-width: 2; }
svg .area { fill: rgba(88, 166, 255, .12); stroke: none; }
svg text { fill: var(--muted); font-size: 11px; }
#banner { display: none; grid-column: 1 / -1; border-color: var(--bad); color: var(--bad); }
#banner.show { display: block; }
.controls { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; }
input { background: var(--bg); color: var(--text); border: 1px solid var(--line); border-radius: 6px; padding: 6px 8px; }
button { border: 1px solid var(--line); border-radius: 6px; padding: 6px 14px; font-weight: 600; cursor: pointer;
  background: var(--panel); color: var(--text); }
button.danger { border-color: var(--bad); color: var(--bad); }
@media (max-width: 1000px) { main { grid-template-columns: repeat(2, minmax(0, 1fr)); } }
`
