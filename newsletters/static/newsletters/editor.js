/* A small toolbar above the rich-text textareas: it wraps the selection in
   the few tags the server accepts. Without JavaScript the textarea works the
   same (plain text or the same tags typed by hand). */
(function () {
  "use strict";
  var labels = (document.getElementById("editor-labels") || { dataset: {} }).dataset;
  var BUTTONS = [
    { label: labels.heading || "Heading", open: "<h3>", close: "</h3>" },
    { label: labels.bold || "Bold", open: "<strong>", close: "</strong>" },
    { label: labels.italics || "Italics", open: "<em>", close: "</em>" },
    { label: labels.link || "Link", link: true },
    { label: labels.list || "List", list: "ul" },
    { label: labels.numbered || "Numbered list", list: "ol" }
  ];

  function wrap(textarea, button) {
    var start = textarea.selectionStart, end = textarea.selectionEnd;
    var value = textarea.value, selected = value.slice(start, end);
    var before = value.slice(0, start), after = value.slice(end), inserted;
    if (button.link) {
      var url = window.prompt(labels.linkPrompt || "https://", "https://");
      if (!url) { return; }
      url = url.replace(/"/g, "%22");
      inserted = '<a href="' + url + '">' + (selected || url) + "</a>";
    } else if (button.list) {
      var items = (selected || labels.item || "item").split(/\n+/).map(function (line) {
        return "  <li>" + line.replace(/^\s*[-*]\s*/, "") + "</li>";
      });
      inserted = "<" + button.list + ">\n" + items.join("\n") + "\n</" + button.list + ">";
    } else {
      inserted = button.open + selected + button.close;
    }
    textarea.value = before + inserted + after;
    textarea.focus();
    var caret = before.length + inserted.length;
    textarea.setSelectionRange(caret, caret);
  }

  document.querySelectorAll("textarea[data-rich-text]").forEach(function (textarea) {
    var bar = document.createElement("div");
    bar.className = "editor-toolbar";
    bar.setAttribute("role", "toolbar");
    bar.setAttribute("aria-label", labels.toolbar || "Formatting");
    bar.setAttribute("aria-controls", textarea.id);
    BUTTONS.forEach(function (spec) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "button secondary";
      button.textContent = spec.label;
      button.addEventListener("click", function () { wrap(textarea, spec); });
      bar.appendChild(button);
    });
    textarea.parentNode.insertBefore(bar, textarea);
  });
})();
