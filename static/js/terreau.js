/* Terreau's site script, on every page (templates/base.html), from the site
   itself (the Content-Security-Policy allows no inline script).
   - The menu button (phones and tablets): toggles the menu, says so with
     aria-expanded; Escape closes it and gives focus back to the button.
   - Toasts (Django's messages): a button dismisses each one.
   - A form that came back with errors: focus goes to its error summary
     (design/forms/error_summary.html), whose links lead to each field.
   Without this script, the menu stays open (css/nojs.css), the messages stay,
   and the summary is still the first thing of the form. */
(function () {
  "use strict";

  function setupMenu() {
    var button = document.querySelector(".menu-toggle");
    if (!button) { return; }
    var menu = document.getElementById(button.getAttribute("aria-controls"));
    if (!menu) { return; }
    function setOpen(open) {
      button.setAttribute("aria-expanded", open ? "true" : "false");
      menu.classList.toggle("is-open", open);
    }
    button.addEventListener("click", function () {
      setOpen(button.getAttribute("aria-expanded") !== "true");
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true") {
        setOpen(false);
        button.focus();
      }
    });
  }

  function setupToasts() {
    var buttons = document.querySelectorAll(".toast-close");
    Array.prototype.forEach.call(buttons, function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        var toast = button.closest(".toast");
        var list = toast && toast.parentNode;
        if (!toast) { return; }
        toast.remove();
        if (list && !list.children.length) {
          var main = document.getElementById("main");
          if (main) { main.focus(); }
        }
      });
    });
  }

  function focusErrorSummary() {
    var summary = document.querySelector("[data-error-summary]");
    if (!summary) { return; }
    summary.focus();
    // A link of the summary moves focus to its field (not only the scroll).
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#']");
      if (!link) { return; }
      var field = document.getElementById(link.getAttribute("href").slice(1));
      if (field) {
        event.preventDefault();
        field.focus();
        field.scrollIntoView({ block: "center" });
      }
    });
  }

  setupMenu();
  setupToasts();
  focusErrorSummary();
})();
