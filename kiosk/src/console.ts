/** The officer console's entry (bundled as /kiosk/console.js); the pages live in ./console/. */
import { start } from './console/main';

void start();
