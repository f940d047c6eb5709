/* Markdown fields (textarea[data-markdown]): a small toolbar that wraps the selection,
   and a preview rendered by the server's own sanitiser (/markdown/preview/). Fields
   with data-mentions also suggest people after "@" (a listbox under the field: arrows
   to choose, Enter or Tab to take, Escape to close). Without this script the fields are
   plain textareas and Markdown still works. Labels come from #editor-labels. */
(function () {
  "use strict";
  var labels = document.getElementById("editor-labels");
  if (!labels) return;
  var text = labels.dataset;
  var counter = 0;

  var ACTIONS = [
    ["bold", "**", "**"],
    ["italic", "_", "_"],
    ["link", "[", "](https://)"],
    ["list", "\n- ", ""],
    ["quote", "\n> ", ""],
    ["code", "`", "`"],
  ];

  function wrap(area, before, after) {
    var start = area.selectionStart, end = area.selectionEnd, value = area.value;
    var chosen = value.slice(start, end);
    area.value = value.slice(0, start) + before + chosen + after + value.slice(end);
    area.focus();
    area.setSelectionRange(start + before.length, start + before.length + chosen.length);
    area.dispatchEvent(new Event("input", { bubbles: true }));
  }

  function csrf(area) {
    var field = area.form && area.form.querySelector("input[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }

  function button(label, extra) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "editor__button" + (extra ? " " + extra : "");
    b.textContent = label;
    return b;
  }

  function enhance(area) {
    counter += 1;
    var bar = document.createElement("div");
    bar.className = "editor__bar";
    bar.setAttribute("role", "toolbar");
    bar.setAttribute("aria-label", text.toolbar);
    bar.setAttribute("aria-controls", area.id);
    var write = button(text.write, "editor__tab");
    var preview = button(text.preview, "editor__tab");
    write.setAttribute("aria-pressed", "true");
    preview.setAttribute("aria-pressed", "false");
    bar.append(write, preview);
    var tools = [];
    ACTIONS.forEach(function (action) {
      var b = button(text[action[0]], "editor__tool");
      b.addEventListener("click", function () { wrap(area, action[1], action[2]); });
      tools.push(b);
      bar.appendChild(b);
    });
    var shown = document.createElement("div");
    shown.className = "editor__preview prose";
    shown.id = "editor-preview-" + counter;
    shown.setAttribute("aria-live", "polite");
    shown.setAttribute("role", "region");
    shown.setAttribute("aria-label", text.previewOf);
    shown.hidden = true;
    area.parentNode.insertBefore(bar, area);
    area.parentNode.insertBefore(shown, area.nextSibling);

    function mode(previewing) {
      write.setAttribute("aria-pressed", String(!previewing));
      preview.setAttribute("aria-pressed", String(previewing));
      tools.forEach(function (b) { b.disabled = previewing; });
      area.hidden = previewing;
      shown.hidden = !previewing;
      if (!previewing) area.focus();
    }
    write.addEventListener("click", function () { mode(false); });
    preview.addEventListener("click", function () {
      shown.textContent = text.loading;
      mode(true);
      var body = new FormData();
      body.append("text", area.value);
      fetch(labels.dataset.url, {
        method: "POST", body: body, credentials: "same-origin", headers: { "X-CSRFToken": csrf(area) },
      })
        .then(function (response) { return response.text(); })
        .then(function (html) { shown.innerHTML = html; })
        .catch(function () { shown.textContent = text.failed; });
    });
    if (area.dataset.mentions) mentions(area);
  }

  function mentions(area) {
    var list = document.createElement("ul");
    list.className = "mentions";
    list.id = area.id + "-mentions";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", text.people);
    list.hidden = true;
    area.parentNode.insertBefore(list, area.nextSibling);
    area.setAttribute("aria-controls", list.id);
    var status = document.createElement("p");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    area.parentNode.insertBefore(status, list.nextSibling);
    var active = -1, people = [], asked = 0, timer = null;

    function typed() {
      var before = area.value.slice(0, area.selectionStart);
      var match = /(^|\s)@([^\s@]{0,30}(?: [^\s@]{0,30})?)$/.exec(before);
      return match ? match[2] : null;
    }

    function close() {
      list.hidden = true;
      list.innerHTML = "";
      people = [];
      active = -1;
      area.removeAttribute("aria-activedescendant");
    }

    function highlight(index) {
      active = index;
      Array.prototype.forEach.call(list.children, function (item, i) {
        item.setAttribute("aria-selected", String(i === index));
      });
      if (index >= 0) area.setAttribute("aria-activedescendant", list.children[index].id);
    }

    function take(person) {
      var caret = area.selectionStart;
      var before = area.value.slice(0, caret).replace(/@([^\s@]{0,30}(?: [^\s@]{0,30})?)$/, "@" + person.name + " ");
      area.value = before + area.value.slice(caret);
      area.setSelectionRange(before.length, before.length);
      close();
      area.focus();
    }

    function show(found) {
      close();
      people = found;
      if (!found.length) { status.textContent = text.nobody; return; }
      found.forEach(function (person, i) {
        var item = document.createElement("li");
        item.id = list.id + "-" + i;
        item.setAttribute("role", "option");
        item.textContent = person.name;
        item.addEventListener("mousedown", function (event) { event.preventDefault(); take(person); });
        list.appendChild(item);
      });
      list.hidden = false;
      highlight(0);
      status.textContent = text.found.replace("%(count)s", found.length);
    }

    area.addEventListener("input", function () {
      var query = typed();
      clearTimeout(timer);
      if (query === null) { close(); return; }
      timer = setTimeout(function () {
        var mine = ++asked;
        fetch(area.dataset.mentions + "?q=" + encodeURIComponent(query), { credentials: "same-origin" })
          .then(function (response) { return response.json(); })
          .then(function (data) { if (mine === asked && typed() !== null) show(data.people || []); })
          .catch(close);
      }, 150);
    });

    area.addEventListener("keydown", function (event) {
      if (list.hidden || !people.length) return;
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        var step = event.key === "ArrowDown" ? 1 : -1;
        highlight((active + step + people.length) % people.length);
      } else if (event.key === "Enter" || event.key === "Tab") {
        event.preventDefault();
        take(people[active]);
      } else if (event.key === "Escape") {
        event.preventDefault();
        event.stopPropagation();
        close();
      }
    });
    area.addEventListener("blur", function () { setTimeout(close, 150); });
  }

  document.querySelectorAll("textarea[data-markdown]").forEach(enhance);
})();
