// Builds Throughcare's front-end assets into ../static/dist (ignored by git).
// Sass is compiled from govuk-frontend's source so that the asset path and font suit this service.
import { cpSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const here = dirname(fileURLToPath(import.meta.url));
const govuk = join(here, "node_modules", "govuk-frontend", "dist", "govuk");
const out = join(here, "..", "static", "dist");

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const css = sass.compile(join(here, "src", "throughcare.scss"), {
  loadPaths: [join(here, "node_modules")],
  style: "compressed",
  quietDeps: true,
});
writeFileSync(join(out, "throughcare.css"), css.css);
cpSync(join(govuk, "govuk-frontend.min.js"), join(out, "govuk-frontend.min.js"));
const autocomplete = join(here, "node_modules", "accessible-autocomplete", "dist");
cpSync(join(autocomplete, "accessible-autocomplete.min.js"), join(out, "accessible-autocomplete.min.js"));
cpSync(join(govuk, "assets", "images"), join(out, "assets", "images"), { recursive: true });
console.log(`Front-end assets built in ${out}`);
