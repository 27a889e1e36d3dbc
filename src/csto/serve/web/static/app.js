// csto web page: small, hand-written, no dependencies. Progressive: the pages work without it.
"use strict";

(function () {
  const $ = (sel, root) => (root || document).querySelector(sel);

  // -- membership: changing the date shows that day's members ---------------------------------
  const dateForm = $("#date-form");
  if (dateForm) {
    let sent = false; // one navigation per date: Enter after a change would abort the first one
    $("#on", dateForm).addEventListener("change", (ev) => {
      if (ev.target.value && ev.target.checkValidity() && !sent) {
        sent = true;
        dateForm.submit();
      }
    });
    dateForm.addEventListener("submit", (ev) => {
      if (sent) ev.preventDefault();
      sent = true;
    });
    window.addEventListener("pageshow", () => {
      sent = false; // back from the next page (the back/forward cache keeps this script's state)
    });
  }

  // -- API helper: JSON in, JSON or a problem document out ------------------------------------
  const TOKEN_KEY = "csto-token";
  const token = () => sessionStorage.getItem(TOKEN_KEY);
  async function api(method, path, body, contentType) {
    const headers = { Accept: "application/json" };
    if (token()) headers.Authorization = "Bearer " + token();
    const init = { method, headers };
    if (body !== undefined) {
      headers["Content-Type"] = contentType || "application/json";
      init.body = typeof body === "string" ? body : JSON.stringify(body);
    }
    const res = await fetch(path, init);
    const text = await res.text();
    let data = null;
    try { data = text ? JSON.parse(text) : null; } catch (e) { data = { detail: text }; }
    if (!res.ok) {
      const err = new Error((data && data.detail) || res.status + " " + res.statusText);
      err.status = res.status;
      throw err;
    }
    return data;
  }
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === "class") node.className = v; else node.setAttribute(k, v);
    }
    for (const c of children) node.append(c instanceof Node ? c : document.createTextNode(String(c)));
    return node;
  }

  // -- team: sign in, propose, review ----------------------------------------------------------
  const signin = $("#signin-form");
  if (signin) {
    const rank = { reader: 0, editor: 1, reviewer: 2, admin: 3 };
    const who = $("#whoami");
    async function refresh() {
      $("#propose").hidden = true;
      $("#queue").hidden = true;
      $("#signout").hidden = !token();
      signin.hidden = !!token();
      if (!token()) { who.textContent = "Not signed in."; return; }
      try {
        const me = await api("GET", "/api/me");
        who.textContent = "Signed in as " + me.name + " (" + me.role + ").";
        if (rank[me.role] >= rank.editor) $("#propose").hidden = false;
        if (rank[me.role] >= rank.reviewer) { $("#queue").hidden = false; await loadQueue(me.name); }
      } catch (e) {
        sessionStorage.removeItem(TOKEN_KEY);
        signin.hidden = false;
        $("#signout").hidden = true;
        who.textContent = "Sign-in failed: " + e.message;
      }
    }
    async function loadQueue(me) {
      const list = $("#queue-list");
      list.replaceChildren();
      const claims = await api("GET", "/api/store/claims?status=proposed");
      $("#queue-empty").hidden = claims.length > 0;
      for (const c of claims) {
        const reason = el("input", { "aria-label": "Reason for " + c.id, placeholder: "Reason", required: "" });
        const accept = el("button", { type: "button" }, "Accept");
        const reject = el("button", { type: "button", class: "secondary" }, "Reject");
        const own = c.added_by === me;
        if (own) { accept.disabled = true; reject.disabled = true; }
        const item = el("li", { "data-claim": c.id },
          el("p", {}, el("strong", {}, c.subject + " · " + c.property + " = " + JSON.stringify(c.value)),
            c.time ? " (" + c.time + ")" : ""),
          el("blockquote", {}, c.quote),
          el("p", { class: "cite" }, "source " + c.source + " · proposed by " + c.added_by +
            (own ? " (your own claim: another reviewer decides)" : "")),
          el("div", { class: "actions" }, reason, accept, reject));
        const decide = async (ok) => {
          if (!reason.value.trim()) { reason.focus(); $("#review-result").textContent = "A review needs a reason."; return; }
          try {
            await api("POST", "/api/store/claims/" + encodeURIComponent(c.id) + "/review", { accept: ok, reason: reason.value });
            $("#review-result").textContent = "Claim " + c.id + (ok ? " accepted." : " rejected.");
            await loadQueue(me);
            $("#queue-h").focus();
          } catch (e) { $("#review-result").textContent = "Not reviewed: " + e.message; }
        };
        accept.addEventListener("click", () => decide(true));
        reject.addEventListener("click", () => decide(false));
        list.append(item);
      }
    }
    signin.addEventListener("submit", (ev) => {
      ev.preventDefault();
      sessionStorage.setItem(TOKEN_KEY, $("#token").value.trim());
      $("#token").value = "";
      refresh();
    });
    $("#signout").addEventListener("click", () => { sessionStorage.removeItem(TOKEN_KEY); refresh(); $("#token").focus(); });
    $("#queue-h").setAttribute("tabindex", "-1");
    $("#propose-form").addEventListener("submit", async (ev) => {
      ev.preventDefault();
      const f = ev.target;
      const v = (name) => f.elements[name].value.trim();
      const source = { title: v("s-title") };
      if (v("s-url")) source.url = v("s-url");
      if (v("s-reference")) source.reference = v("s-reference");
      const claim = { subject: v("subject"), property: v("property"), value: v("value"), quote: f.elements.quote.value };
      if (v("time")) claim.time = v("time");
      if (v("note")) claim.note = v("note");
      const out = $("#propose-result");
      try {
        // a new team source is sent with each claim; its id is chosen by the store
        const stored = await api("POST", "/api/store/claims", { sources: [source], claims: [claim] });
        const sourceId = stored[0].source;
        out.textContent = "Proposed claim " + stored[0].id + " (source " + sourceId + "); it waits for a reviewer.";
        f.reset();
      } catch (e) { out.textContent = "Not stored: " + e.message; }
    });
    refresh();
  }

  // -- scenario: run the model and chart the outcome probabilities -------------------------------
  const scenario = $("#scenario-form");
  if (scenario) {
    scenario.addEventListener("submit", async (ev) => {
      ev.preventDefault();
      const errorBox = $("#scenario-error");
      errorBox.hidden = true;
      const button = $("button", scenario);
      button.disabled = true;
      button.textContent = "Running…";
      try {
        const draws = encodeURIComponent($("#draws").value || "1000");
        const result = await api("POST", "/api/simulate?draws=" + draws, $("#scenario-text").value, "application/yaml");
        showProbabilities(window.cstoProbabilities(result));
        // the crisis's date as the scenario gives it: a month stays a month (the model's day is a midpoint)
        $("#result-what").textContent = result.title + " (" + result.date + ")" +
          (result.day && result.day !== result.date ? "; the model evaluates the day " + result.day + "." : ".");
        showVerdict(result.verdict);
      } catch (e) {
        errorBox.textContent = e.message;
        errorBox.hidden = false;
      } finally {
        button.disabled = false;
        button.textContent = "Run the model";
      }
    });
  }
  // every forecast carries its model's validation verdict: one sentence with the skill interval
  function showVerdict(verdict) {
    const box = $("#verdict");
    box.replaceChildren(el("strong", {}, "How good is this forecast? "),
      (verdict && verdict.sentence) || "This model has no validation verdict.");
  }
  function showProbabilities(rows) {
    const chart = $("#chart");
    const body = $("#probabilities tbody");
    chart.replaceChildren();
    body.replaceChildren();
    const words = [];
    for (const r of rows) {
      const pct = (100 * r.p).toFixed(1) + "%";
      const fill = el("div", { class: "fill" });
      fill.style.width = (100 * r.p).toFixed(1) + "%";
      chart.append(el("div", { class: "bar" }, el("span", {}, r.label), el("div", { class: "track" }, fill), el("span", {}, pct)));
      body.append(el("tr", {}, el("th", { scope: "row", "data-label": "Outcome" }, r.label),
        el("td", { "data-label": "Probability" }, pct),
        el("td", { "data-label": "95% interval" },
          r.low != null ? (100 * r.low).toFixed(1) + "–" + (100 * r.high).toFixed(1) + "%" : "—")));
      words.push(r.label + " " + pct);
    }
    $("#chart-text").textContent = "Outcome probabilities: " + words.join("; ");
    $("#scenario-result").hidden = false;
  }
  // the shape of a simulate answer (`csto simulate --json`) is read in one place
  window.cstoProbabilities = window.cstoProbabilities || function (result) {
    const names = ["0 no action", "1 statement", "2 consultations / fact-finding", "3 military assistance"];
    const probs = result.probabilities || {};
    const intervals = result.intervals || {};
    return Object.keys(probs).map((k) => {
      const iv = intervals[k] || [null, null];
      return { label: names[Number(k)] || k, p: probs[k], low: iv[0], high: iv[1] };
    });
  };
})();
