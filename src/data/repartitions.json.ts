// The questionnaire's breakdowns per département and France.
import { breakdownsData } from "../../loaders/publish/site-data.js";

process.stdout.write(JSON.stringify(await breakdownsData()));
