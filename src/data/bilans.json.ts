// The committees' own words, by campagne and département (data/bilans/, see its README).
import { committeeTexts } from "../../loaders/publish/bilans.js";
import { publicationFromEnv } from "../../loaders/publish/audience.js";

process.stdout.write(JSON.stringify(committeeTexts(publicationFromEnv())));
