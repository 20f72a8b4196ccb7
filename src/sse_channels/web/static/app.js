// Results as you type: the form works without this file (GET /?q=…); with it, the results
// are fetched from /results, rendered and escaped by the server, as the box changes.
"use strict";
(function () {
  var form = document.getElementById("search");
  var box = document.getElementById("q");
  var results = document.getElementById("results");
  if (!form || !box || !results || !window.fetch || !window.URLSearchParams) {
    return;
  }
  var timer = 0;
  var latest = 0;
  function update() {
    var params = new URLSearchParams(new FormData(form)).toString();
    var mine = ++latest;
    fetch("/results?" + params, { headers: { Accept: "text/html" } })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (html === null || mine !== latest) {
          return;
        }
        results.innerHTML = html;
        history.replaceState(null, "", "/?" + params);
      })
      .catch(function () { /* the form still submits */ });
  }
  box.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(update, 150);
  });
})();
