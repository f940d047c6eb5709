/* The triage kanban: drag a card to another column, and a dialog asks for the public
   message before the move is sent (the same form as each card's "Move" button, which
   works without this script). The server answers with JSON; a refused move stays put
   and the dialog says why. */
(function () {
  "use strict";
  var board = document.querySelector(".kanban");
  var dialog = document.getElementById("kanban-dialog");
  if (!board || !dialog || typeof dialog.showModal !== "function") return;
  var form = dialog.querySelector("form");
  var error = dialog.querySelector("[data-dialog-error]");
  var template = document.getElementById("kanban-moving-text").innerHTML;
  var dragged = null;
  var target = null;
  var opener = null;

  function column(element) {
    return element && element.closest ? element.closest(".kanban__column") : null;
  }

  function adjust(col, by) {
    var count = col.querySelector("[data-count]");
    count.textContent = String(parseInt(count.textContent, 10) + by);
  }

  board.addEventListener("dragstart", function (event) {
    var card = event.target.closest && event.target.closest(".kanban-card");
    if (!card) return;
    dragged = card;
    card.classList.add("kanban-card--dragging");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", card.dataset.idea);
  });

  board.addEventListener("dragend", function () {
    if (dragged) dragged.classList.remove("kanban-card--dragging");
    board.querySelectorAll(".kanban__column--over").forEach(function (col) {
      col.classList.remove("kanban__column--over");
    });
  });

  board.addEventListener("dragover", function (event) {
    var col = column(event.target);
    if (!dragged || !col || col === column(dragged)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "move";
    col.classList.add("kanban__column--over");
  });

  board.addEventListener("dragleave", function (event) {
    var col = column(event.target);
    if (col && !col.contains(event.relatedTarget)) col.classList.remove("kanban__column--over");
  });

  board.addEventListener("drop", function (event) {
    var col = column(event.target);
    if (!dragged || !col || col === column(dragged)) return;
    event.preventDefault();
    col.classList.remove("kanban__column--over");
    target = col;
    opener = dragged.querySelector(".kanban-card__title");
    form.elements.idea.value = dragged.dataset.idea;
    form.elements.to_status.value = col.dataset.status;
    form.elements.message.value = "";
    error.hidden = true;
    dialog.querySelector("[data-dialog-title]").textContent = template
      .replace("%(idea)s", dragged.dataset.title)
      .replace("%(status)s", col.dataset.statusLabel);
    dialog.showModal();
  });

  function close() {
    dialog.close();
    if (opener) opener.focus();
  }

  dialog.querySelector("[data-dialog-cancel]").addEventListener("click", close);

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var button = form.querySelector("button[type=submit]");
    button.disabled = true;
    fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    })
      .then(function (response) {
        return response.json().then(function (data) {
          return { ok: response.ok, data: data };
        });
      })
      .then(function (result) {
        button.disabled = false;
        if (!result.ok) {
          var errors = result.data.errors || {};
          error.textContent = Object.keys(errors).map(function (key) { return errors[key].join(" "); }).join(" ");
          error.hidden = false;
          return;
        }
        var card = board.querySelector('.kanban-card[data-idea="' + form.elements.idea.value + '"]');
        adjust(column(card), -1);
        adjust(target, 1);
        target.querySelector(".kanban__cards").prepend(card);
        card.querySelectorAll("select[name=to_status] option").forEach(function (option) {
          option.hidden = option.value === target.dataset.status;
        });
        var note = document.createElement("p");
        note.className = "kanban-card__done";
        note.setAttribute("role", "status");
        note.textContent = result.data.message;
        card.appendChild(note);
        close();
      })
      .catch(function () {
        button.disabled = false;
        error.textContent = form.dataset.offline;
        error.hidden = false;
      });
  });
})();
