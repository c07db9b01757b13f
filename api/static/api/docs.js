// Starts Swagger UI on the API docs page; a file of its own because the site allows no inline
// script (Content-Security-Policy script-src 'self').
"use strict";

window.addEventListener("DOMContentLoaded", function () {
  var root = document.getElementById("swagger-ui");
  window.ui = window.SwaggerUIBundle({
    url: root.dataset.schemaUrl,
    domNode: root,
    deepLinking: true,
    presets: [window.SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
    // The default sends the schema to validator.swagger.io: no request leaves the portal.
    validatorUrl: null,
    defaultModelsExpandDepth: 0,
  });
});
