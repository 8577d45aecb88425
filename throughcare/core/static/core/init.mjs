import { initAll } from "/static/dist/govuk-frontend.min.js";

initAll();
