// The API docs page's interactive console (Swagger UI); a file of its own because the site
// allows no inline script (Content-Security-Policy script-src 'self').
"use strict";

// Swagger UI leaves a parameter's list of values without a name and its scrolling code samples
// out of the keyboard's reach (axe: select-name, scrollable-region-focusable): mend them as they
// are rendered.
function mendAccessibility(root) {
  root.querySelectorAll("tr[data-param-name] select:not([aria-label])").forEach(function (select) {
    select.setAttribute("aria-label", select.closest("tr").dataset.paramName);
  });
  root.querySelectorAll("pre.microlight:not([tabindex])").forEach(function (pre) {
    pre.setAttribute("tabindex", "0");
  });
}

// Swagger UI is about 450 KB: it is fetched, from this site, only when the reader asks for it.
function startConsole(root) {
  window.ui = window.SwaggerUIBundle({
    url: root.dataset.schemaUrl,
    domNode: root,
    // Deep links put a link inside each operation's toggle button (nested-interactive, axe).
    deepLinking: false,
    presets: [window.SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
    // The default sends the schema to validator.swagger.io: no request leaves the portal.
    validatorUrl: null,
    defaultModelsExpandDepth: 0,
    // Its colour themes fall short of WCAG contrast on the dark code background.
    syntaxHighlight: { activated: false },
  });
  new MutationObserver(function () {
    mendAccessibility(root);
  }).observe(root, { childList: true, subtree: true });
}

window.addEventListener("DOMContentLoaded", function () {
  var button = document.querySelector(".api-console-open");
  var root = document.getElementById("swagger-ui");
  button.hidden = false;
  button.addEventListener("click", function () {
    button.disabled = true;
    var stylesheet = document.createElement("link");
    stylesheet.rel = "stylesheet";
    stylesheet.href = button.dataset.stylesheet;
    // Before the page's own stylesheet, whose contrast fixes must win over Swagger UI's colours.
    document.head.insertBefore(stylesheet, document.querySelector("link[rel='stylesheet']"));
    var script = document.createElement("script");
    script.src = button.dataset.script;
    script.addEventListener("load", function () {
      button.hidden = true;
      startConsole(root);
      root.setAttribute("tabindex", "-1");
      root.focus();
    });
    document.head.appendChild(script);
  });
});
