// Site-wide admin fixes for assistive technology (loaded by templates/admin/base_site.html).
"use strict";

document.addEventListener("DOMContentLoaded", function () {
  // Names for the autocomplete boxes ---------------------------------------------------------
  // select2 labels its box by the chosen value alone, so an empty box has no accessible name:
  // name it by the field's own label as well.
  function nameAutocompletes(root) {
    for (const select of root.querySelectorAll("select.admin-autocomplete")) {
      const label = document.querySelector("label[for='" + select.id + "']");
      const container = select.nextElementSibling;
      if (!label || !container || !container.classList.contains("select2")) {
        continue;
      }
      label.id = label.id || select.id + "-label";
      const name = label.textContent.replace(/:\s*$/, "").trim();
      const combobox = container.querySelector(".select2-selection");
      const rendered = container.querySelector(".select2-selection__rendered");
      if (combobox && combobox.getAttribute("role") === "combobox") {
        const ids = [label.id];
        if (rendered && rendered.id) {
          ids.push(rendered.id);
        }
        combobox.setAttribute("aria-labelledby", ids.join(" "));
      }
      if (rendered) {
        rendered.setAttribute("aria-label", name);
      }
      const search = container.querySelector(".select2-search__field");
      if (search) {
        search.setAttribute("aria-label", name);
      }
      if (rendered && rendered.tagName === "UL" && !rendered.dataset.portalWatched) {
        // select2 puts its “clear all” cross straight into the list of chosen places; a list
        // holds only items, so the cross is moved just before it whenever select2 redraws.
        rendered.dataset.portalWatched = "1";
        const tidy = function () {
          for (const child of Array.from(rendered.children)) {
            if (child.tagName !== "LI") {
              rendered.before(child);
            }
          }
        };
        tidy();
        new MutationObserver(tidy).observe(rendered, { childList: true });
      }
    }
  }

  // The admin starts select2 after this script has run, and again for every added row:
  // name the boxes whenever select2 has drawn one.
  let naming = false;
  new MutationObserver(function () {
    if (!naming) {
      naming = true;
      window.setTimeout(function () {
        naming = false;
        nameAutocompletes(document);
      }, 0);
    }
  }).observe(document.body, { childList: true, subtree: true });
  nameAutocompletes(document);
});
