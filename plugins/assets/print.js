/* Project H: the "Print pupil copy" / "Print teacher copy" buttons on resource pages.
   A button marks the page with the copy chosen (<html data-ph-print="pupil|teacher|all">), which print.css reads,
   opens every closed <details> block that the copy prints (closed blocks print without their content), prints,
   and puts the page back as it was after printing. No inline handlers: the CSP allows only this file. */
(function () {
  "use strict";

  var root = document.documentElement;

  function printCopy(copy) {
    var opened = [];
    root.setAttribute("data-ph-print", copy);
    document.querySelectorAll(".ph-body details").forEach(function (block) {
      var dropped = copy === "pupil" && (block.classList.contains("answers") || block.classList.contains("teacher") ||
                                         block.classList.contains("notes"));
      if (!block.open && !dropped) {
        block.open = true;
        opened.push(block);
      }
    });
    window.addEventListener("afterprint", function () {
      root.removeAttribute("data-ph-print");
      opened.forEach(function (block) { block.open = false; });
    }, { once: true });
    window.print();
  }

  document.querySelectorAll("[data-ph-print]").forEach(function (button) {
    var holder = button.closest(".ph-print");
    if (holder) { holder.hidden = false; }
    button.addEventListener("click", function () {
      printCopy(button.getAttribute("data-ph-print"));
    });
  });
})();
