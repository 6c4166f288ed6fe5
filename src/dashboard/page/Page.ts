import { createHash } from "node:crypto"
import { SCRIPT } from "./Script.ts"
import { STYLES } from "./Styles.ts"

const sha256 = (text: string) => `'sha256-${createHash("sha256").update(text, "utf8").digest("base64")}'`

const table = (id: string, headings: ReadonlyArray<string>) =>
  `<div class="scroll"><table id="${id.replace(/-body$/, "")}"><thead><tr>${headings.map((h) => `<th>${h}</th>`).join("")}</tr></thead>` +
  `<tbody id="${id}"></tbody></table></div>`

const BODY = `
<header>
  <h1>Trading dashboard</h1>
  <span id="mode" class="badge muted">…</span>
  <span id="health" class="badge muted">loading</span>
  <span id="updated" class="muted"></span>
</header>
<main>
  <section id="banner" role="alert"></section>
  <section>
    <h2>Account</h2>
    <div id="equity" class="big">—</div>
    <div class="caption">equity</div>
    <div class="bar"><div id="margin-bar"></div></div>
    <dl>
      <dt>Margin used</dt><dd id="margin-usage">—</dd>
      <dt>Available margin</dt><dd id="available-margin">—</dd>
      <dt>Open positions</dt><dd id="open-positions">—</dd>
      <dt>Open orders</dt><dd id="open-orders">—</dd>
    </dl>
  </section>
  <section>
    <h2>Safety</h2>
    <div id="safety-level" class="big">—</div>
    <div class="caption">safety level</div>
    <dl>
      <dt>Kill switch</dt><dd id="kill-switch">—</dd>
      <dt>Reason</dt><dd id="kill-reason">—</dd>
      <dt>Last tick</dt><dd id="last-tick">—</dd>
      <dt>Uptime</dt><dd id="uptime">—</dd>
    </dl>
  </section>
  <section>
    <h2>P&amp;L</h2>
    <div id="pnl-today" class="big">—</div>
    <div class="caption">realized today</div>
    <dl>
      <dt>Unrealized</dt><dd id="pnl-unrealized">—</dd>
      <dt>Realized total</dt><dd id="pnl-total">—</dd>
      <dt>Trades today</dt><dd id="pnl-trades">—</dd>
    </dl>
  </section>
  <section>
    <h2>Health</h2>
    <div id="health-state" class="big">—</div>
    <div class="caption">state</div>
    <ul id="health-reasons" class="muted"></ul>
  </section>
  <section class="wide">
    <h2>Equity <span id="equity-range"></span></h2>
    <svg id="equity-chart" viewBox="0 0 800 220" role="img" aria-label="equity chart"></svg>
  </section>
  <section class="wide">
    <h2>Positions</h2>
    ${table("positions-body", ["Symbol", "Side", "Size", "Entry", "Mark", "Stop", "TP1", "TP2 / final", "uPnL", "State", "Age"])}
  </section>
  <section class="half">
    <h2>Open orders</h2>
    ${table("orders-body", ["Symbol", "Side", "Type", "Qty", "Price", "Reduce-only", "Status"])}
  </section>
  <section class="half">
    <h2>Recent trades</h2>
    ${table("trades-body", ["Closed", "Symbol", "Side", "Entry → exit", "Net P&amp;L", "Exit"])}
  </section>
  <section class="wide">
    <h2>Recent signals and decisions</h2>
    ${table("events-body", ["Time", "Symbol", "Outcome", "Score", "Reasons"])}
  </section>
  <section class="wide">
    <h2>Controls</h2>
    <div class="controls">
      <input id="token" type="password" placeholder="dashboard token" autocomplete="off">
      <input id="kill-reason-input" placeholder="kill reason" maxlength="200">
      <button id="kill" class="danger">Kill switch</button>
      <button id="resume">Resume</button>
      <span id="action-result" class="muted"></span>
    </div>
  </section>
</main>`

export interface RenderedPage {
  readonly html: string
  /** Allows exactly the inline style and script of this page, and fetches to its own origin. */
  readonly contentSecurityPolicy: string
}

/** The single page: inline CSS and script, no external assets, data filled in by the script from /api/*. */
export const renderPage = (options: { readonly refreshSeconds: number }): RenderedPage => ({
  html: `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Trading dashboard</title>
<link rel="icon" href="data:,">
<style>${STYLES}</style>
</head>
<body data-refresh-ms="${Math.round(options.refreshSeconds * 1000)}">${BODY}
<script>${SCRIPT}</script>
</body>
</html>`,
  contentSecurityPolicy: [
    "default-src 'none'",
    `style-src ${sha256(STYLES)}`,
    `script-src ${sha256(SCRIPT)}`,
    "connect-src 'self'",
    "img-src data:",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'"
  ].join("; ")
})
