/* The pledge form in the admin: address proposed from title and period, rows moved with
   arrow buttons, activities linked to focus areas by ticking them.

   Without this script the form still works: positions follow the order of the rows, and an
   activity names its focus areas by number ("1, 2"). The server (pledges/admin.py) is the
   authority for both; this script only writes the same fields for the person. */
"use strict";

document.addEventListener("DOMContentLoaded", function () {
  const form = document.getElementById("pledge_form");
  const textsElement = document.getElementById("pf-texts");
  if (!form || !textsElement) {
    return;
  }
  const texts = textsElement.dataset;

  // Address (slug) ---------------------------------------------------------------------
  const NOISE = /^(medborgarl[öo]fte[nt]?|medborgarl[öo]ftena|(19|20)\d\d)$/i;

  function proposeSlug(title, start, end) {
    const words = title.split(/[^\p{L}\p{N}]+/u).filter((w) => w && !NOISE.test(w));
    const base = words
      .join(" ")
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/[^a-z0-9\s-]/g, "")
      .trim()
      .replace(/[-\s]+/g, "-")
      .slice(0, 80)
      .replace(/^-+|-+$/g, "");
    const startYear = /^\d{4}-/.test(start) ? start.slice(0, 4) : "";
    const endYear = /^\d{4}-/.test(end) ? end.slice(0, 4) : "";
    let years = "";
    if (startYear && endYear) {
      years = startYear === endYear ? startYear : startYear + "-" + endYear;
    }
    return [base, years].filter(Boolean).join("-");
  }

  const slug = form.querySelector("input.pf-slug");
  const title = form.querySelector("#id_title");
  const startDate = form.querySelector("#id_start_date");
  const endDate = form.querySelector("#id_end_date");
  if (slug && title && startDate && endDate) {
    // A new pledge follows its title and period until the person types an address.
    let automatic = slug.dataset.auto === "1" || slug.value === "";
    const propose = function () {
      if (automatic) {
        slug.value = proposeSlug(title.value, startDate.value.trim(), endDate.value.trim());
      }
    };
    for (const input of [title, startDate, endDate]) {
      input.addEventListener("input", propose);
      input.addEventListener("change", propose);
      input.addEventListener("blur", propose);
    }
    slug.addEventListener("input", function () {
      automatic = slug.value === "";
    });
    form.addEventListener("submit", propose);
  }

  // Ordered rows -------------------------------------------------------------------------
  const groups = Array.from(document.querySelectorAll(".js-inline-admin-formset")).filter(
    (group) => group.querySelector("fieldset.pf-ordered")
  );

  function prefixOf(group) {
    return group.id.replace(/-group$/, "");
  }

  function rowsOf(group) {
    const selector = group.dataset.inlineType === "tabular" ? "tbody tr.form-row" : ".inline-related";
    return Array.from(group.querySelectorAll(selector)).filter(
      (row) => !row.classList.contains("empty-form") && !/-empty$/.test(row.id)
    );
  }

  function field(row, prefix, name) {
    return row.querySelector("[name^='" + prefix + "-'][name$='-" + name + "']");
  }

  function isDeleted(row, prefix) {
    const box = field(row, prefix, "DELETE");
    return Boolean(box && box.checked);
  }

  function rowName(row, prefix, fieldName) {
    const input = field(row, prefix, fieldName);
    return input ? input.value.trim() : "";
  }

  const live = document.createElement("p");
  live.className = "pf-live";
  live.setAttribute("aria-live", "polite");
  form.appendChild(live);

  function moveButtons() {
    const span = document.createElement("span");
    span.className = "pf-move";
    for (const [direction, label] of [
      ["up", texts.up],
      ["down", texts.down],
    ]) {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "pf-move-" + direction;
      button.dataset.direction = direction;
      button.setAttribute("aria-label", label);
      button.title = label;
      button.textContent = direction === "up" ? "↑" : "↓";
      span.appendChild(button);
    }
    return span;
  }

  function addButtons(group) {
    const tabular = group.dataset.inlineType === "tabular";
    const rows = Array.from(
      group.querySelectorAll(tabular ? "tbody tr.form-row" : ".inline-related")
    );
    if (tabular) {
      const headerCells = group.querySelectorAll("thead th");
      const heading = document.createElement("th");
      heading.textContent = texts.move;
      headerCells[headerCells.length - 1].before(heading);
    }
    for (const row of rows) {
      if (tabular) {
        const cell = document.createElement("td");
        cell.className = "pf-move-cell";
        cell.appendChild(moveButtons());
        const cells = row.querySelectorAll(":scope > td");
        cells[cells.length - 1].before(cell);
      } else {
        const heading = row.querySelector("h3");
        if (heading) {
          heading.appendChild(moveButtons());
        }
      }
    }
  }

  groups.forEach(addButtons);

  document.addEventListener("click", function (event) {
    const button = event.target.closest(".pf-move button");
    if (!button) {
      return;
    }
    const group = button.closest(".js-inline-admin-formset");
    const row = button.closest(".inline-related, tr.form-row");
    const rows = rowsOf(group);
    const index = rows.indexOf(row);
    if (button.dataset.direction === "up" && index > 0) {
      rows[index - 1].before(row);
    } else if (button.dataset.direction === "down" && index < rows.length - 1) {
      rows[index + 1].after(row);
    }
    button.focus();
    const now = rowsOf(group).indexOf(row) + 1;
    live.textContent = texts.moved.replace("{position}", now).replace("{count}", rows.length);
    refreshFocusChoices();
  });

  // Focus areas of each activity ------------------------------------------------------------
  const areasGroup = document.getElementById("focus_areas-group");
  const activitiesGroup = document.getElementById("activities-group");
  let nextKey = 1;
  // activity row -> keys of the focus-area rows it is linked to
  const links = new WeakMap();

  function areaRows() {
    if (!areasGroup) {
      return [];
    }
    return rowsOf(areasGroup).filter(
      (row) => rowName(row, "focus_areas", "name") && !isDeleted(row, "focus_areas")
    );
  }

  function keyOf(row) {
    if (!row.dataset.pfKey) {
      row.dataset.pfKey = String(nextKey++);
    }
    return row.dataset.pfKey;
  }

  function numbersInput(activity) {
    return activity.querySelector("input.pf-focus-numbers");
  }

  function readLinks(activity) {
    // The numbers the server rendered, as positions among the named focus areas.
    const input = numbersInput(activity);
    const areas = areaRows();
    const keys = new Set();
    for (const part of (input ? input.value : "").split(/[^0-9]+/)) {
      const number = parseInt(part, 10);
      if (number >= 1 && number <= areas.length) {
        keys.add(keyOf(areas[number - 1]));
      }
    }
    links.set(activity, keys);
    return keys;
  }

  function renderChoices(activity) {
    const input = numbersInput(activity);
    if (!input) {
      return;
    }
    const container = input.closest(".form-row, .fieldBox") || input.parentElement;
    let box = container.querySelector(".pf-focus-choices");
    if (!box) {
      for (const hidden of container.querySelectorAll("label, .help, input.pf-focus-numbers")) {
        hidden.classList.add("pf-hidden");
      }
      box = document.createElement("fieldset");
      box.className = "pf-focus-choices";
      const legend = document.createElement("legend");
      legend.textContent = texts.focusLegend;
      box.appendChild(legend);
      box.appendChild(document.createElement("div"));
      container.appendChild(box);
    }
    const list = box.querySelector("div");
    const keys = links.get(activity) || readLinks(activity);
    const areas = areaRows();
    list.textContent = "";
    if (!areas.length) {
      const note = document.createElement("p");
      note.className = "help";
      note.textContent = texts.noFocusAreas;
      list.appendChild(note);
    }
    areas.forEach(function (area, index) {
      const key = keyOf(area);
      const id = input.id + "-" + key;
      const label = document.createElement("label");
      label.htmlFor = id;
      const box = document.createElement("input");
      box.type = "checkbox";
      box.id = id;
      box.value = key;
      box.checked = keys.has(key);
      box.addEventListener("change", function () {
        if (box.checked) {
          keys.add(key);
        } else {
          keys.delete(key);
        }
        writeNumbers(activity);
      });
      label.appendChild(box);
      label.appendChild(
        document.createTextNode(" " + (index + 1) + ". " + rowName(area, "focus_areas", "name"))
      );
      list.appendChild(label);
    });
    writeNumbers(activity);
  }

  function writeNumbers(activity) {
    const input = numbersInput(activity);
    const keys = links.get(activity);
    if (!input || !keys) {
      return;
    }
    const numbers = [];
    areaRows().forEach(function (area, index) {
      if (keys.has(keyOf(area))) {
        numbers.push(index + 1);
      }
    });
    input.value = numbers.join(", ");
  }

  function refreshFocusChoices() {
    if (!activitiesGroup) {
      return;
    }
    for (const activity of rowsOf(activitiesGroup)) {
      renderChoices(activity);
    }
  }

  if (areasGroup && activitiesGroup) {
    // Read every activity's links before anything renumbers the focus areas.
    areaRows().forEach(keyOf);
    rowsOf(activitiesGroup).forEach(readLinks);
    refreshFocusChoices();
    areasGroup.addEventListener("input", function (event) {
      if (/-name$/.test(event.target.name || "")) {
        refreshFocusChoices();
      }
    });
    areasGroup.addEventListener("change", refreshFocusChoices);
  }

  document.addEventListener("formset:added", function (event) {
    const row = event.target;
    if (row.closest("#activities-group")) {
      links.set(row, new Set());
      renderChoices(row);
    } else if (row.closest("#focus_areas-group")) {
      refreshFocusChoices();
    }
  });
  document.addEventListener("formset:removed", refreshFocusChoices);

  // On submit: positions in the order shown, existing rows first in the form's numbering ----
  function renumber(group) {
    const prefix = prefixOf(group);
    const rows = rowsOf(group);
    rows.forEach(function (row, index) {
      const position = field(row, prefix, "order");
      if (position) {
        position.value = String(index + 1);
      }
    });
    // Django reads saved rows from the first INITIAL_FORMS indexes: keep them there whatever
    // the arrows did, by renaming each row's fields (as the admin's inlines.js does).
    const ordered = rows
      .filter((row) => row.classList.contains("has_original"))
      .concat(rows.filter((row) => !row.classList.contains("has_original")));
    const pattern = new RegExp("(" + prefix + "-(?:\\d+|__prefix__))(?=-|$)");
    ordered.forEach(function (row, index) {
      const replacement = prefix + "-" + index;
      for (const element of [row].concat(Array.from(row.querySelectorAll("*")))) {
        for (const attribute of ["id", "name", "for"]) {
          const value = element.getAttribute(attribute);
          if (value && pattern.test(value)) {
            element.setAttribute(attribute, value.replace(pattern, replacement));
          }
        }
      }
    });
  }

  form.addEventListener("submit", function () {
    if (activitiesGroup) {
      for (const activity of rowsOf(activitiesGroup)) {
        writeNumbers(activity);
      }
    }
    groups.forEach(renumber);
  });
});
