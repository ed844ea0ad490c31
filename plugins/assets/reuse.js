/* Project H: the "Copy attribution" button on resource pages.
   The button is a real <button> (so Enter and Space work, and it is in the tab order); it stays hidden
   until this script runs, because without a script it could do nothing. The text stays selectable either way. */
(function () {
  "use strict";

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      var done = false;
      try { done = document.execCommand("copy"); } catch (error) { done = false; }
      document.body.removeChild(area);
      if (done) { resolve(); } else { reject(new Error("copy failed")); }
    });
  }

  function setUp(button) {
    var source = document.getElementById(button.getAttribute("data-ph-copy"));
    var status = button.parentNode.querySelector(".ph-copy__status");
    if (!source) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      copyText(source.textContent.trim()).then(function () {
        if (status) { status.textContent = "Attribution copied."; }
      }, function () {
        var range = document.createRange();
        range.selectNodeContents(source);
        var selection = window.getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
        if (status) { status.textContent = "Could not copy: the attribution is selected, press Ctrl+C (or Cmd+C) to copy it."; }
      });
    });
  }

  function init() {
    var buttons = document.querySelectorAll("button[data-ph-copy]");
    for (var i = 0; i < buttons.length; i++) { setUp(buttons[i]); }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
