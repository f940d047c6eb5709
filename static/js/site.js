/* The header on small screens: a menu button shows and hides the navigation, search
   and account links. Without this script they are simply all shown. The account
   menu (a <details>) closes on Escape and on a click elsewhere. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  var button = document.querySelector(".menu-button");
  var menu = document.getElementById("site-menu");
  var narrow = window.matchMedia("(max-width: 64rem)");

  function setOpen(open) {
    button.setAttribute("aria-expanded", String(open));
    menu.hidden = !open;
  }

  function fit() {
    button.hidden = !narrow.matches;
    if (narrow.matches) {
      setOpen(false);
    } else {
      menu.hidden = false;
    }
  }

  if (button && menu) {
    button.addEventListener("click", function () {
      setOpen(menu.hidden);
    });
    narrow.addEventListener("change", fit);
    fit();
  }

  function closeAccountMenus(except) {
    document.querySelectorAll("details.account-menu[open]").forEach(function (details) {
      if (details !== except) details.removeAttribute("open");
    });
  }

  document.addEventListener("click", function (event) {
    closeAccountMenus(event.target.closest ? event.target.closest("details.account-menu") : null);
  });

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var open = document.querySelector("details.account-menu[open]");
    if (open) {
      open.removeAttribute("open");
      open.querySelector("summary").focus();
    } else if (button && narrow.matches && !menu.hidden && menu.contains(document.activeElement)) {
      setOpen(false);
      button.focus();
    }
  });
})();

/* Pictures open in a dialog (a lightbox): Left and Right show the others of the same
   post, Escape or Close closes it and focus goes back to the picture that opened it.
   Without this script each picture opens as a file of its own. */
(function () {
  "use strict";
  var dialog = null, gallery = [], index = 0, opener = null, labels = null;

  function build() {
    dialog = document.createElement("dialog");
    dialog.className = "lightbox";
    dialog.innerHTML =
      '<figure class="lightbox__figure"><img class="lightbox__image" alt=""><figcaption class="lightbox__caption"></figcaption></figure>' +
      '<p class="lightbox__count" aria-live="polite"></p>' +
      '<div class="lightbox__controls"><button type="button" class="button button--secondary lightbox__previous"></button>' +
      '<button type="button" class="button button--secondary lightbox__next"></button>' +
      '<button type="button" class="button lightbox__close"></button></div>';
    document.body.appendChild(dialog);
    dialog.querySelector(".lightbox__previous").addEventListener("click", function () { show(index - 1); });
    dialog.querySelector(".lightbox__next").addEventListener("click", function () { show(index + 1); });
    dialog.querySelector(".lightbox__close").addEventListener("click", function () { dialog.close(); });
    dialog.addEventListener("close", function () { if (opener) opener.focus(); });
    dialog.addEventListener("click", function (event) { if (event.target === dialog) dialog.close(); });
    dialog.addEventListener("keydown", function (event) {
      if (event.key === "ArrowLeft") { event.preventDefault(); show(index - 1); }
      if (event.key === "ArrowRight") { event.preventDefault(); show(index + 1); }
    });
  }

  function show(at) {
    index = (at + gallery.length) % gallery.length;
    var link = gallery[index];
    var image = dialog.querySelector(".lightbox__image");
    image.src = link.href;
    image.alt = link.dataset.alt;
    image.width = parseInt(link.dataset.width, 10) || 0;
    image.height = parseInt(link.dataset.height, 10) || 0;
    dialog.querySelector(".lightbox__caption").textContent = link.dataset.alt;
    dialog.setAttribute("aria-label", link.dataset.alt);
    var several = gallery.length > 1;
    dialog.querySelector(".lightbox__count").textContent = several
      ? labels.count.replace("%(number)s", index + 1).replace("%(total)s", gallery.length) : "";
    dialog.querySelector(".lightbox__previous").hidden = !several;
    dialog.querySelector(".lightbox__next").hidden = !several;
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a[data-lightbox]") : null;
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey) return;
    var list = link.closest(".pictures");
    if (!list) return;
    if (!dialog) build();
    if (typeof dialog.showModal !== "function") return;
    event.preventDefault();
    labels = list.dataset;
    dialog.querySelector(".lightbox__previous").textContent = labels.previous;
    dialog.querySelector(".lightbox__next").textContent = labels.next;
    dialog.querySelector(".lightbox__close").textContent = labels.close;
    gallery = Array.prototype.slice.call(list.querySelectorAll("a[data-lightbox]"));
    opener = link;
    show(gallery.indexOf(link));
    dialog.showModal();
    dialog.querySelector(".lightbox__close").focus();
  });
})();

/* Forms marked data-autosubmit (the product page's review filters) apply as soon as a
   choice changes; without this script their button does it. */
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    var form = event.target.form;
    if (form && form.hasAttribute("data-autosubmit")) form.submit();
  });
})();
