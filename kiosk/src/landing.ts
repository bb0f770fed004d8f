/** The landing page: links to the three pages, and the language switch. */
import { byId } from './lib/dom';
import { initLang, mountLangSwitch } from './i18n';

initLang();
mountLangSwitch(byId<HTMLButtonElement>('lang'));
