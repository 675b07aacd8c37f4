/* While a letter is being sent, poll its progress (JSON) and update the bar.
   Without JavaScript, the page refreshes itself (a meta refresh in <noscript>). */
(function () {
  "use strict";
  var box = document.getElementById("sending-progress");
  if (!box) { return; }
  var bar = document.getElementById("progress-bar");
  var text = document.getElementById("progress-text");
  var url = box.getAttribute("data-progress-url");
  var template = box.getAttribute("data-text");

  function show(data) {
    bar.max = data.total || 1;
    bar.value = data.sent + data.failed;
    bar.textContent = data.percent + " %";
    text.textContent = template
      .replace("%(sent)s", data.sent).replace("%(total)s", data.total)
      .replace("%(failed)s", data.failed) + " " + data.state_label;
  }

  function poll() {
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) { return; }
        show(data);
        if (data.state === "sending") { window.setTimeout(poll, 2000); }
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 2000);
})();
