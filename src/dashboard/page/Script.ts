/**
 * The page's script, plain ES2020 with no build step. It polls the JSON API every `data-refresh-ms` and renders
 * with textContent only (strategy reasons and symbols are data, never markup). The token for kill and resume is
 * typed by the operator and kept in memory, never stored or put in the page.
 */
export const SCRIPT = `"use strict";
(function () {
  var $ = function (id) { return document.getElementById(id); };
  var REFRESH_MS = Number(document.body.getAttribute("data-refresh-ms")) || 5000;
  var SVG_NS = "http://www.w3.org/2000/svg";
  var serverTime = Date.now();

  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (cls) node.className = cls;
    return node;
  }
  function usd(text) {
    var n = Number(text);
    if (!isFinite(n)) return String(text);
    return (n < 0 ? "-$" : "$") + Math.abs(n).toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  }
  function signedUsd(text) { return (Number(text) > 0 ? "+" : "") + usd(text); }
  function tone(text) { var n = Number(text); return n > 0 ? "ok" : n < 0 ? "bad" : ""; }
  function pct(fraction) { return (fraction * 100).toFixed(1) + "%"; }
  function utc(ms) { return new Date(ms).toISOString().slice(0, 16).replace("T", " ") + " UTC"; }
  function age(since) {
    var minutes = Math.max(0, Math.floor((serverTime - since) / 60000));
    if (minutes < 1) return "now";
    var d = Math.floor(minutes / 1440), h = Math.floor((minutes % 1440) / 60), m = minutes % 60;
    return d > 0 ? d + "d " + h + "h" : h > 0 ? h + "h " + String(m).padStart(2, "0") + "m" : m + "m";
  }
  function ago(since) { var elapsed = age(since); return elapsed === "now" ? "just now" : elapsed + " ago"; }
  function setText(id, text, cls) { var node = $(id); node.textContent = text; node.className = cls || ""; }
  function fill(tbodyId, items, columns, render) {
    var body = $(tbodyId);
    body.replaceChildren();
    if (items.length === 0) {
      var row = el("tr"), cell = el("td", "none", "empty");
      cell.colSpan = columns;
      row.appendChild(cell);
      body.appendChild(row);
      return;
    }
    items.forEach(function (item) {
      var row = el("tr");
      render(item).forEach(function (cell) { row.appendChild(cell instanceof Node ? cell : el("td", cell)); });
      body.appendChild(row);
    });
  }
  var LEVEL_TONE = { ACTIVE: "ok", DEGRADED: "warn", HALTED: "bad", EMERGENCY: "bad" };
  var HEALTH_TONE = { ready: "ok", degraded: "warn", halted: "bad" };

  function renderStatus(s) {
    serverTime = s.serverTime;
    setText("mode", s.mode.toUpperCase(), "badge " + (s.mode === "live" ? "warn" : "muted"));
    setText("health", s.health.status, "badge " + (HEALTH_TONE[s.health.status] || "bad"));
    setText("equity", usd(s.equity), "big");
    setText("available-margin", usd(s.availableMargin));
    setText("margin-usage", pct(s.marginUsage), s.marginUsage > 0.7 ? "bad" : s.marginUsage > 0.5 ? "warn" : "");
    $("margin-bar").style.width = Math.min(100, Math.max(0, s.marginUsage * 100)).toFixed(1) + "%";
    setText("open-positions", s.openPositions);
    setText("open-orders", s.openOrders);
    setText("safety-level", s.safetyLevel, "big " + (LEVEL_TONE[s.safetyLevel] || "bad"));
    setText("kill-switch", s.killSwitch.active ? "ON since " + utc(s.killSwitch.since) : "off", s.killSwitch.active ? "bad" : "ok");
    setText("kill-reason", s.killSwitch.active ? s.killSwitch.reason : "—");
    setText("last-tick", s.lastTickAt === null ? "none yet" : ago(s.lastTickAt));
    setText("uptime", age(s.startedAt));
    setText("health-state", s.health.status, "big " + (HEALTH_TONE[s.health.status] || "bad"));
    var reasons = $("health-reasons");
    reasons.replaceChildren();
    (s.health.reasons.length === 0 ? ["all checks pass"] : s.health.reasons).forEach(function (r) { reasons.appendChild(el("li", r)); });
  }
  function renderPnl(p) {
    setText("pnl-today", signedUsd(p.realizedToday), "big " + tone(p.realizedToday));
    setText("pnl-unrealized", signedUsd(p.unrealized), tone(p.unrealized));
    setText("pnl-total", signedUsd(p.realizedTotal), tone(p.realizedTotal));
    setText("pnl-trades", p.tradesToday + " (" + p.winsToday + " won)");
  }
  function renderPositions(body) {
    fill("positions-body", body.positions, 11, function (p) {
      var stop = el("td", p.stopPrice + (p.isProtected ? "" : " ⚠"), p.isProtected ? "" : "bad");
      stop.title = p.isProtected ? "stop live on the exchange" : (p.protectionReason || "NOT PROTECTED");
      var targets = [p.tp1Price, p.tp2Price, p.finalTargetPrice].map(function (tp) { return tp === undefined ? "—" : tp; });
      return [p.symbol, el("td", p.side.toUpperCase(), p.side === "long" ? "ok" : "bad"), p.size, p.entryPrice,
        p.currentMarkPrice === undefined ? "—" : p.currentMarkPrice, stop, targets[0], targets[1] + " / " + targets[2],
        el("td", signedUsd(p.unrealizedPnl), tone(p.unrealizedPnl)), p.state, age(p.openedAt)];
    });
  }
  function renderOrders(body) {
    fill("orders-body", body.orders, 7, function (o) {
      var price = o.triggerPrice !== undefined ? o.triggerPrice : o.limitPrice !== undefined ? o.limitPrice : "market";
      return [o.symbol, o.side, o.type, o.quantity, price, o.reduceOnly ? "yes" : "no", o.status];
    });
  }
  function renderTrades(body) {
    fill("trades-body", body.trades, 6, function (t) {
      return [utc(t.exitedAt), t.symbol, t.side, t.entryPrice + " → " + t.exitPrice,
        el("td", signedUsd(t.netPnl), tone(t.netPnl)), t.exitReason];
    });
  }
  function renderEvents(body) {
    fill("events-body", body.events, 5, function (e) {
      var score = e.score === null ? "—" : e.score.toFixed(1) + (e.threshold === null ? "" : " / " + e.threshold.toFixed(1));
      var outcome = e.type === "signal_generated" ? el("td", e.outcome.toUpperCase(), "ok") : el("td", e.outcome, "muted");
      var reasons = e.reasons.join(" · ");
      if (e.levels !== null) reasons = "entry " + e.levels.entry + ", stop " + e.levels.stop + ", TP " + e.levels.takeProfit + (reasons ? " · " + reasons : "");
      return [utc(e.timestamp), e.symbol === null ? "—" : e.symbol, outcome, score, el("td", reasons || "—", "reasons")];
    });
  }
  function svg(tag, attrs, text) {
    var node = document.createElementNS(SVG_NS, tag);
    Object.keys(attrs).forEach(function (k) { node.setAttribute(k, String(attrs[k])); });
    if (text !== undefined) node.textContent = text;
    return node;
  }
  function renderEquity(body) {
    var chart = $("equity-chart"), points = body.points;
    // Drawn in CSS pixels, so labels keep their shape at any width.
    var W = Math.max(320, Math.round(chart.getBoundingClientRect().width)), H = 220, L = 76, R = 10, T = 12, B = 24;
    chart.setAttribute("viewBox", "0 0 " + W + " " + H);
    chart.replaceChildren();
    if (points.length < 2) {
      chart.appendChild(svg("text", { x: W / 2, y: H / 2, "text-anchor": "middle" }, "Not enough equity history yet"));
      setText("equity-range", "");
      return;
    }
    var values = points.map(function (p) { return Number(p.equity); });
    var lo = Math.min.apply(null, values), hi = Math.max.apply(null, values);
    if (hi === lo) { hi += 1; lo -= 1; }
    var t0 = points[0].timestamp, t1 = points[points.length - 1].timestamp;
    var x = function (t) { return L + ((t - t0) / Math.max(1, t1 - t0)) * (W - L - R); };
    var y = function (v) { return T + (1 - (v - lo) / (hi - lo)) * (H - T - B); };
    [hi, (hi + lo) / 2, lo].forEach(function (v) {
      chart.appendChild(svg("line", { x1: L, x2: W - R, y1: y(v), y2: y(v), class: "grid" }));
      chart.appendChild(svg("text", { x: L - 6, y: y(v) + 4, "text-anchor": "end" }, usd(v)));
    });
    var line = points.map(function (p, i) { return x(p.timestamp).toFixed(1) + "," + y(values[i]).toFixed(1); });
    chart.appendChild(svg("polygon", { points: L + "," + (H - B) + " " + line.join(" ") + " " + x(t1).toFixed(1) + "," + (H - B), class: "area" }));
    chart.appendChild(svg("polyline", { points: line.join(" "), class: "line" }));
    chart.appendChild(svg("text", { x: L, y: H - 6 }, utc(t0)));
    chart.appendChild(svg("text", { x: W - R, y: H - 6, "text-anchor": "end" }, utc(t1)));
    var change = values[values.length - 1] - values[0];
    setText("equity-range", "(" + signedUsd(change) + ")", tone(change));
  }

  function getJson(path) {
    return fetch(path, { cache: "no-store" }).then(function (response) {
      return response.json().then(function (body) {
        if (!response.ok) throw new Error(path + ": " + (body.error || response.status));
        return body;
      });
    });
  }
  var VIEWS = [["/api/status", renderStatus], ["/api/pnl", renderPnl], ["/api/positions", renderPositions],
    ["/api/orders", renderOrders], ["/api/trades", renderTrades], ["/api/events", renderEvents], ["/api/equity", renderEquity]];
  function refresh() {
    return Promise.allSettled(VIEWS.map(function (v) { return getJson(v[0]).then(v[1]); })).then(function (results) {
      var errors = results.filter(function (r) { return r.status === "rejected"; }).map(function (r) { return String(r.reason && r.reason.message || r.reason); });
      var banner = $("banner");
      banner.textContent = errors.join("\\n");
      banner.className = errors.length > 0 ? "show" : "";
      setText("updated", "updated " + new Date().toLocaleTimeString(), "muted");
      document.body.setAttribute("data-loaded", "true");
    });
  }
  function token() {
    var value = $("token").value.trim();
    if (value === "") setText("action-result", "Enter the dashboard token first.", "warn");
    return value;
  }
  function act(path, token, body) {
    fetch(path, { method: "POST", headers: { authorization: "Bearer " + token, "content-type": "application/json" }, body: JSON.stringify(body) })
      .then(function (response) {
        return response.json().then(function (result) {
          setText("action-result", response.ok ? JSON.stringify(result) : response.status + ": " + result.error, response.ok ? "ok" : "bad");
        });
      })
      .catch(function (error) { setText("action-result", String(error), "bad"); })
      .then(refresh);
  }
  $("kill").addEventListener("click", function () {
    var value = token();
    if (value !== "" && confirm("Activate the kill switch? Entries and take-profits are cancelled; stops stay.")) {
      act("/api/kill", value, { reason: $("kill-reason-input").value.trim() || undefined });
    }
  });
  $("resume").addEventListener("click", function () {
    var value = token();
    if (value !== "") act("/api/resume", value, {});
  });
  refresh();
  setInterval(refresh, REFRESH_MS);
})();
`
