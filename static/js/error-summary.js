/* After a form was sent with mistakes, focus its error summary so that it is read first, and let
   the summary's links bring the field's question into view with the field. */
(function () {
  "use strict";
  var summary = document.querySelector("[data-error-summary]");
  if (!summary) {
    return;
  }
  summary.focus();

  summary.addEventListener("click", function (event) {
    var link = event.target.closest("a[href^='#']");
    var field = link && document.getElementById(link.getAttribute("href").slice(1));
    if (!field || !field.matches("input, select, textarea")) {
      return;
    }
    event.preventDefault();
    // A radio button or checkbox is answered under its group's question, a field under its label.
    var group = field.closest("fieldset");
    var question =
      field.type === "radio" || field.type === "checkbox"
        ? group && group.querySelector("legend")
        : document.querySelector("label[for='" + CSS.escape(field.id) + "']");
    (question || field).scrollIntoView();
    field.focus({ preventScroll: true });
  });
})();
