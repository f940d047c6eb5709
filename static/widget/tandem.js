/*! Tandem feedback widget, version 1. No framework, nothing loaded from elsewhere.
 *
 *   <script src="https://community.example.com/widget.js" async></script>
 *   <script>
 *     window.Tandem = window.Tandem || function () { (Tandem.q = Tandem.q || []).push(arguments); };
 *     Tandem("init", { token: () => fetch("/tandem-token").then((r) => r.text()) });
 *   </script>
 *
 * Options: token (a signed token, or a function giving one or a promise of one, called
 * when the widget first opens), selector (your own button(s) open it; without it a
 * launcher button is added), locale ("en", "de"), color (the launcher's background).
 * Commands: Tandem("open"), Tandem("close"), Tandem("on", "idea-created", fn).
 * Events (also as window events "tandem:ready", "tandem:idea-created", "tandem:close").
 */
(function () {
  "use strict";
  var script = document.currentScript;
  var base = new URL(script ? script.src : "/widget.js", window.location.href).origin;
  var TEXTS = {
    en: { launcher: "Feedback", close: "Close", title: "Feedback" },
    de: { launcher: "Feedback", close: "Schließen", title: "Feedback" }
  };
  var state = { options: {}, dialog: null, frame: null, launcher: null, opener: null, open: false, listeners: {} };

  function language() {
    var code = (state.options.locale || document.documentElement.lang || "en").slice(0, 2).toLowerCase();
    return TEXTS[code] ? code : "en";
  }

  function text(key) { return TEXTS[language()][key]; }

  function styled(element, styles) {
    for (var name in styles) element.style[name] = styles[name];
    return element;
  }

  function emit(name, detail) {
    (state.listeners[name] || []).forEach(function (listener) { listener(detail); });
    window.dispatchEvent(new CustomEvent("tandem:" + name, { detail: detail }));
  }

  function post(message) {
    if (state.frame && state.frame.contentWindow) state.frame.contentWindow.postMessage(message, base);
  }

  function sendToken() {
    var token = state.options.token;
    if (!token) return;
    if (typeof token === "string") state.options.token = null; // a token is good for one sign-in
    Promise.resolve(typeof token === "function" ? token() : token).then(function (value) {
      if (typeof value === "string" && value) post({ type: "tandem:token", token: value.trim() });
    });
  }

  function sentinel(onFocus) {
    var element = document.createElement("span");
    element.tabIndex = 0;
    element.addEventListener("focus", onFocus);
    return element;
  }

  function build() {
    var dialog = styled(document.createElement("div"), {
      position: "fixed", right: "16px", bottom: "76px", zIndex: "2147483000", display: "none",
      flexDirection: "column", width: "min(400px, calc(100vw - 32px))", height: "min(620px, calc(100vh - 100px))",
      background: "#ffffff", color: "#17202c", borderRadius: "12px", overflow: "hidden",
      boxShadow: "0 12px 40px rgba(0, 0, 0, 0.28)", border: "1px solid #c8ced8"
    });
    dialog.setAttribute("role", "dialog");
    dialog.setAttribute("aria-modal", "true");
    dialog.setAttribute("aria-label", text("title"));
    var close = styled(document.createElement("button"), {
      alignSelf: "flex-end", margin: "6px 6px 0", minWidth: "44px", minHeight: "32px", padding: "4px 10px",
      border: "1px solid #5b6472", borderRadius: "6px", background: "#ffffff", color: "#17202c",
      font: "600 14px/1.2 system-ui, sans-serif", cursor: "pointer"
    });
    close.type = "button";
    close.textContent = text("close");
    close.addEventListener("click", hide);
    var frame = styled(document.createElement("iframe"), { flex: "1", width: "100%", border: "0" });
    frame.title = text("title");
    frame.src = base + "/widget/?origin=" + encodeURIComponent(window.location.origin) + "&lang=" + language();
    // Tab and Shift+Tab stay in the dialog while it is open.
    dialog.appendChild(sentinel(function () { frame.focus(); }));
    dialog.appendChild(close);
    dialog.appendChild(frame);
    dialog.appendChild(sentinel(function () { close.focus(); }));
    dialog.addEventListener("keydown", function (event) { if (event.key === "Escape") hide(); });
    document.body.appendChild(dialog);
    state.dialog = dialog;
    state.frame = frame;
  }

  function show(opener) {
    if (!state.dialog) build();
    state.opener = opener || document.activeElement;
    state.dialog.style.display = "flex";
    state.open = true;
    if (state.launcher) state.launcher.setAttribute("aria-expanded", "true");
    state.frame.focus();
    post({ type: "tandem:focus" });
  }

  function hide() {
    if (!state.open) return;
    state.dialog.style.display = "none";
    state.open = false;
    if (state.launcher) state.launcher.setAttribute("aria-expanded", "false");
    if (state.opener && state.opener.focus) state.opener.focus();
    emit("close", {});
  }

  function addLauncher() {
    var button = styled(document.createElement("button"), {
      position: "fixed", right: "16px", bottom: "16px", zIndex: "2147483000", minHeight: "44px",
      padding: "10px 18px", border: "0", borderRadius: "999px", background: state.options.color || "#1d3f7a",
      color: "#ffffff", font: "600 16px/1.2 system-ui, sans-serif", cursor: "pointer",
      boxShadow: "0 4px 14px rgba(0, 0, 0, 0.25)"
    });
    button.type = "button";
    button.textContent = text("launcher");
    button.setAttribute("aria-haspopup", "dialog");
    button.setAttribute("aria-expanded", "false");
    button.addEventListener("click", function () { state.open ? hide() : show(button); });
    document.body.appendChild(button);
    state.launcher = button;
  }

  window.addEventListener("message", function (event) {
    // Only the widget's own frame, from the community's origin.
    if (!state.frame || event.source !== state.frame.contentWindow || event.origin !== base) return;
    var data = event.data || {};
    if (typeof data.type !== "string" || data.type.indexOf("tandem:") !== 0) return;
    if (data.type === "tandem:ready") {
      if (!data.signedIn) sendToken();
      if (state.open) post({ type: "tandem:focus" });
    }
    if (data.type === "tandem:close") {
      hide();
      return;
    }
    emit(data.type.slice(7), data);
  });

  var commands = {
    init: function (options) {
      state.options = options || {};
      var start = function () {
        if (state.options.selector) {
          document.querySelectorAll(state.options.selector).forEach(function (element) {
            element.addEventListener("click", function (event) { event.preventDefault(); show(element); });
          });
        } else {
          addLauncher();
        }
      };
      if (document.body) start(); else document.addEventListener("DOMContentLoaded", start);
    },
    open: function () { show(); },
    close: function () { hide(); },
    on: function (name, listener) { (state.listeners[name] = state.listeners[name] || []).push(listener); }
  };

  var queued = (window.Tandem && window.Tandem.q) || [];
  window.Tandem = function (command) {
    var run = commands[command];
    if (run) return run.apply(null, Array.prototype.slice.call(arguments, 1));
  };
  window.Tandem.version = "1";
  queued.forEach(function (args) { window.Tandem.apply(null, args); });
})();
