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
