/* Inside the widget's frame: talks only with the page that shows it (its origin was
   checked by the server and is in data-parent-origin), turns the company's token into
   the frame's session, and tells the page what happened. */
(function () {
  "use strict";
  var body = document.body;
  var parentOrigin = body.dataset.parentOrigin;
  var embedded = window.parent !== window;

  function tell(type, detail) {
    if (embedded) window.parent.postMessage(Object.assign({ type: type }, detail || {}), parentOrigin);
  }

  function say(text) {
    var status = document.getElementById("widget-status");
    if (status) status.textContent = text;
  }

  function exchange(token) {
    fetch(body.dataset.sessionUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": body.dataset.csrf },
      body: JSON.stringify({ token: token })
    })
      .then(function (response) {
        return response.json().then(function (answer) { return { ok: response.ok, answer: answer }; });
      })
      .then(function (result) {
        if (result.ok) {
          window.location.reload();
        } else {
          say(result.answer.detail || "");
          tell("tandem:error", { code: result.answer.code });
        }
      })
      .catch(function () { tell("tandem:error", { code: "network" }); });
  }

  function focusFirst() {
    var target = document.querySelector("[aria-invalid='true'], main input, main textarea, main h1");
    if (target) {
      if (target.tagName === "H1") target.setAttribute("tabindex", "-1");
      target.focus();
    }
  }

  window.addEventListener("message", function (event) {
    // Only the page that shows the frame, and only from the origin the server allowed.
    if (event.source !== window.parent || event.origin !== parentOrigin) return;
    var data = event.data || {};
    if (data.type === "tandem:token" && typeof data.token === "string" && body.dataset.signedIn !== "true") {
      exchange(data.token);
    } else if (data.type === "tandem:focus") {
      focusFirst();
    }
  });

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") tell("tandem:close");
  });

  var title = document.getElementById("id_title");
  var similar = document.getElementById("similar-ideas");
  if (title && similar && title.dataset.similarUrl) {
    var timer = null;
    title.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        fetch(title.dataset.similarUrl + "&title=" + encodeURIComponent(title.value), { credentials: "same-origin" })
          .then(function (response) { return response.text(); })
          .then(function (html) { similar.innerHTML = html; });
      }, 300);
    });
  }

  if (body.dataset.createdId) {
    tell("tandem:idea-created", { id: Number(body.dataset.createdId), title: body.dataset.createdTitle });
  }
  tell("tandem:ready", { signedIn: body.dataset.signedIn === "true" });
})();
