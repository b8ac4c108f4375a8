// The site's legal and accessibility details (config/site.json) and its build date.
import { siteConfig } from "../../loaders/publish/site-data.js";

process.stdout.write(JSON.stringify(siteConfig()));
