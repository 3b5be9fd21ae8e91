// Words of the pages, in English and French, and the language switch.
// The agent's own words come from the server, in the language of each
// message; these are the pages' labels, buttons and error messages.

/** @typedef {'en' | 'fr'} Lang */

/** @type {Record<Lang, Record<string, string>>} */
export const catalogs = {
  en: {
    'title.chat': 'Rendezvous — book an appointment',
    'title.book': 'Rendezvous — book online',
    'title.manage': 'Rendezvous — your booking',
    'skip': 'Skip to content',
    'nav.label': 'Main',
    'nav.chat': 'Chat',
    'nav.book': 'Book online',
    'nav.manage': 'My booking',
    'lang.label': 'Language',
    'chat.title': 'Book an appointment by chatting',
    'chat.intro': 'Hairdressers, dentists, doctors, physios and psychologists. Write as you would to a receptionist.',
    'chat.log': 'Conversation',
    'chat.messages': 'Messages',
    'chat.you': 'You:',
    'chat.agent': 'Agent:',
    'chat.input': 'Your message',
    'chat.placeholder': 'e.g. a dentist in Lyon on Monday morning',
    'chat.send': 'Send',
    'chat.typing': 'The agent is writing…',
    'chat.new': 'New conversation',
    'chat.proposals': 'Free slots',
    'chat.summary': 'Please check',
    'chat.confirm': 'Confirm',
    'chat.change': 'Change',
    'chat.notSent': 'Not sent.',
    'chat.again': 'Send again',
    'chat.restored': 'Conversation restored.',
    'chat.expired': 'That conversation has ended. Send your message again to start a new one.',
    'chat.ended': 'Your previous conversation has ended. Write to start a new one.',
    'chat.yes': 'yes',
    'chat.no': 'no',
    'sum.with': 'With',
    'sum.when': 'When',
    'sum.for': 'For',
    'card.booked': 'Booked',
    'card.rescheduled': 'Moved',
    'card.cancelled': 'Cancelled',
    'card.reference': 'Reference',
    'card.when': 'When',
    'card.with': 'With',
    'card.service': 'Service',
    'card.where': 'Where',
    'card.ics': 'Add to calendar (.ics)',
    'card.manage': 'Manage this booking',
    'card.keep': 'Keep the reference: with it and your email, the agent can also find this booking.',
    'book.title': 'Book online',
    'book.intro': 'Choose what you need and where; we show the earliest free slots.',
    'book.kind': 'Kind of appointment',
    'book.kindChoose': 'Choose…',
    'book.city': 'City',
    'book.cityHint': 'e.g. Lyon, Nantes, Montréal',
    'book.day': 'Day (optional)',
    'book.provider': 'Practitioner (optional)',
    'book.anyProvider': 'Any',
    'book.search': 'Show free slots',
    'book.slots': 'Free slots',
    'book.searching': 'Looking for free slots…',
    'book.none': 'No free slot matches. Try another day or practitioner.',
    'book.found': '{n} free slots found.',
    'book.more': 'Later slots',
    'book.details': 'Your details',
    'book.chosen': 'Your appointment',
    'book.name': 'Full name',
    'book.email': 'Email',
    'book.phone': 'Phone',
    'book.phoneHint': 'Without a country code, read as a number of the practice’s country.',
    'book.confirm': 'Confirm the booking',
    'book.booking': 'Booking…',
    'book.fix': 'Some details need correcting: see the message under each field marked.',
    'book.needKind': 'Choose a kind of appointment.',
    'book.needCity': 'Write a city.',
    'book.taken': 'Someone has just taken that slot. Choose another one.',
    'book.another': 'Book another appointment',
    'manage.title': 'Your booking',
    'manage.noLink': 'This page needs the link you were given when you booked (it ends with #ref=…&token=…). You can also ask the agent in the chat, with your reference and email.',
    'manage.loading': 'Loading your booking…',
    'manage.status': 'Status',
    'manage.status.booked': 'Booked',
    'manage.status.cancelled': 'Cancelled',
    'manage.past': 'This appointment has already taken place.',
    'manage.move': 'Move to another slot',
    'manage.cancel': 'Cancel the appointment',
    'manage.cancelAsk': 'Cancel this appointment? The slot will be given to someone else.',
    'manage.cancelYes': 'Yes, cancel it',
    'manage.keep': 'No, keep it',
    'manage.cancelled': 'Your appointment is cancelled.',
    'manage.moveTitle': 'Choose a new slot',
    'manage.from': 'From',
    'manage.show': 'Show free slots',
    'manage.moveAsk': 'Move your appointment to {when}?',
    'manage.moveYes': 'Yes, move it',
    'manage.moved': 'Your appointment is moved to {when}.',
    'manage.close': 'Close',
    'manage.badLink': 'This link no longer works: it may have been replaced by a newer one after a change. Use the latest link you were given, or ask the agent in the chat.',
    'title.waitlist': 'Rendezvous — a slot for you',
    'waitlist.title': 'A slot has opened for you',
    'waitlist.noLink': 'This page needs the link of the email you were sent when a slot opened (it ends with #offer=…).',
    'waitlist.loading': 'Loading the slot…',
    'waitlist.book': 'Book this slot',
    'waitlist.booking': 'Booking…',
    'waitlist.race': 'First come, first served: others waiting may have been told too.',
    'waitlist.takenNext': 'Someone booked that slot first. Here is the next free slot that suits you.',
    'waitlist.takenNone': 'Someone booked that slot first, and no other free slot suits you for now. You are still on the waitlist: we will write again.',
    'waitlist.used': 'This link has already booked its slot. Your booking’s email has the link to manage it.',
    'waitlist.expired': 'This offer has expired, or you left the waitlist.',
    'waitlist.badLink': 'This link does not work: it may be incomplete or more than a day old.',
    'err.network': 'No connection to the server. Check your connection, then try again.',
    'err.rate': 'Too many requests. Please wait {s} seconds, then try again.',
    'err.rateSoon': 'Too many requests. Please wait a moment, then try again.',
    'err.unavailable': 'The service is briefly unavailable. Please try again in a moment.',
    'err.timeout': 'The server took too long to answer. Please try again.',
    'err.outcome': 'We could not tell whether that went through. Try again: it will not be done twice.',
    'err.generic': 'Something went wrong ({code}). Please try again.',
    'err.tooManyBookings': 'This email address or phone number already has as many upcoming appointments as one person may hold. Cancel one first, or contact the practice.',
    'err.session': 'Too many conversations are open. Please try again later.',
    'kind.hairdresser': 'Hairdresser',
    'kind.dentist': 'Dentist',
    'kind.general_practitioner': 'Doctor (general practitioner)',
    'kind.physiotherapist': 'Physiotherapist',
    'kind.psychologist': 'Psychologist',
    'widget.open': 'Book an appointment',
  },
  fr: {
    'title.chat': 'Rendezvous — prendre rendez-vous',
    'title.book': 'Rendezvous — réserver en ligne',
    'title.manage': 'Rendezvous — votre rendez-vous',
    'skip': 'Aller au contenu',
    'nav.label': 'Principal',
    'nav.chat': 'Discussion',
    'nav.book': 'Réserver en ligne',
    'nav.manage': 'Mon rendez-vous',
    'lang.label': 'Langue',
    'chat.title': 'Prenez rendez-vous en discutant',
    'chat.intro': 'Coiffeurs, dentistes, médecins, kinés et psychologues. Écrivez comme à un secrétariat.',
    'chat.log': 'Conversation',
    'chat.messages': 'Messages',
    'chat.you': 'Vous :',
    'chat.agent': 'Agent :',
    'chat.input': 'Votre message',
    'chat.placeholder': 'par ex. un dentiste à Lyon lundi matin',
    'chat.send': 'Envoyer',
    'chat.typing': 'L’agent écrit…',
    'chat.new': 'Nouvelle conversation',
    'chat.proposals': 'Créneaux libres',
    'chat.summary': 'Vérifiez, s’il vous plaît',
    'chat.confirm': 'Confirmer',
    'chat.change': 'Modifier',
    'chat.notSent': 'Non envoyé.',
    'chat.again': 'Renvoyer',
    'chat.restored': 'Conversation reprise.',
    'chat.expired': 'Cette conversation est terminée. Renvoyez votre message pour en commencer une nouvelle.',
    'chat.ended': 'Votre conversation précédente est terminée. Écrivez pour en commencer une nouvelle.',
    'chat.yes': 'oui',
    'chat.no': 'non',
    'sum.with': 'Avec',
    'sum.when': 'Quand',
    'sum.for': 'Pour',
    'card.booked': 'Réservé',
    'card.rescheduled': 'Déplacé',
    'card.cancelled': 'Annulé',
    'card.reference': 'Référence',
    'card.when': 'Quand',
    'card.with': 'Avec',
    'card.service': 'Prestation',
    'card.where': 'Où',
    'card.ics': 'Ajouter à l’agenda (.ics)',
    'card.manage': 'Gérer ce rendez-vous',
    'card.keep': 'Gardez la référence : avec elle et votre e-mail, l’agent retrouve aussi ce rendez-vous.',
    'book.title': 'Réserver en ligne',
    'book.intro': 'Choisissez ce qu’il vous faut et où ; nous montrons les premiers créneaux libres.',
    'book.kind': 'Type de rendez-vous',
    'book.kindChoose': 'Choisir…',
    'book.city': 'Ville',
    'book.cityHint': 'par ex. Lyon, Nantes, Montréal',
    'book.day': 'Jour (facultatif)',
    'book.provider': 'Praticien (facultatif)',
    'book.anyProvider': 'Indifférent',
    'book.search': 'Voir les créneaux libres',
    'book.slots': 'Créneaux libres',
    'book.searching': 'Recherche des créneaux libres…',
    'book.none': 'Aucun créneau libre ne correspond. Essayez un autre jour ou un autre praticien.',
    'book.found': '{n} créneaux libres trouvés.',
    'book.more': 'Créneaux suivants',
    'book.details': 'Vos coordonnées',
    'book.chosen': 'Votre rendez-vous',
    'book.name': 'Nom complet',
    'book.email': 'E-mail',
    'book.phone': 'Téléphone',
    'book.phoneHint': 'Sans indicatif, le numéro est lu comme un numéro du pays du cabinet.',
    'book.confirm': 'Confirmer la réservation',
    'book.booking': 'Réservation…',
    'book.fix': 'Certaines coordonnées sont à corriger : voyez le message sous chaque champ signalé.',
    'book.needKind': 'Choisissez un type de rendez-vous.',
    'book.needCity': 'Indiquez une ville.',
    'book.taken': 'Quelqu’un vient de prendre ce créneau. Choisissez-en un autre.',
    'book.another': 'Prendre un autre rendez-vous',
    'manage.title': 'Votre rendez-vous',
    'manage.noLink': 'Cette page a besoin du lien reçu lors de la réservation (il finit par #ref=…&token=…). Vous pouvez aussi demander à l’agent dans la discussion, avec votre référence et votre e-mail.',
    'manage.loading': 'Chargement de votre rendez-vous…',
    'manage.status': 'État',
    'manage.status.booked': 'Réservé',
    'manage.status.cancelled': 'Annulé',
    'manage.past': 'Ce rendez-vous a déjà eu lieu.',
    'manage.move': 'Déplacer à un autre créneau',
    'manage.cancel': 'Annuler le rendez-vous',
    'manage.cancelAsk': 'Annuler ce rendez-vous ? Le créneau sera proposé à quelqu’un d’autre.',
    'manage.cancelYes': 'Oui, l’annuler',
    'manage.keep': 'Non, le garder',
    'manage.cancelled': 'Votre rendez-vous est annulé.',
    'manage.moveTitle': 'Choisissez un nouveau créneau',
    'manage.from': 'À partir du',
    'manage.show': 'Voir les créneaux libres',
    'manage.moveAsk': 'Déplacer votre rendez-vous au {when} ?',
    'manage.moveYes': 'Oui, le déplacer',
    'manage.moved': 'Votre rendez-vous est déplacé au {when}.',
    'manage.close': 'Fermer',
    'manage.badLink': 'Ce lien ne fonctionne plus : il a peut-être été remplacé par un plus récent après une modification. Utilisez le dernier lien reçu, ou demandez à l’agent dans la discussion.',
    'title.waitlist': 'Rendezvous — un créneau pour vous',
    'waitlist.title': 'Un créneau s’est libéré pour vous',
    'waitlist.noLink': 'Cette page a besoin du lien de l’e-mail reçu quand un créneau s’est libéré (il finit par #offer=…).',
    'waitlist.loading': 'Chargement du créneau…',
    'waitlist.book': 'Réserver ce créneau',
    'waitlist.booking': 'Réservation…',
    'waitlist.race': 'Premier arrivé, premier servi : d’autres personnes en attente ont pu être prévenues.',
    'waitlist.takenNext': 'Quelqu’un a réservé ce créneau avant vous. Voici le prochain créneau libre qui vous convient.',
    'waitlist.takenNone': 'Quelqu’un a réservé ce créneau avant vous, et aucun autre créneau libre ne vous convient pour l’instant. Vous restez sur la liste d’attente : nous vous écrirons de nouveau.',
    'waitlist.used': 'Ce lien a déjà réservé son créneau. L’e-mail de votre rendez-vous contient le lien pour le gérer.',
    'waitlist.expired': 'Cette proposition a expiré, ou vous avez quitté la liste d’attente.',
    'waitlist.badLink': 'Ce lien ne fonctionne pas : il est peut-être incomplet ou date de plus d’un jour.',
    'err.network': 'Pas de connexion au serveur. Vérifiez votre connexion, puis réessayez.',
    'err.rate': 'Trop de demandes. Attendez {s} secondes, puis réessayez.',
    'err.rateSoon': 'Trop de demandes. Attendez un instant, puis réessayez.',
    'err.unavailable': 'Le service est momentanément indisponible. Réessayez dans un instant.',
    'err.timeout': 'Le serveur a mis trop de temps à répondre. Réessayez.',
    'err.outcome': 'Impossible de savoir si c’est fait. Réessayez : ce ne sera pas fait deux fois.',
    'err.generic': 'Un problème est survenu ({code}). Réessayez.',
    'err.tooManyBookings': 'Cette adresse e-mail ou ce numéro a déjà autant de rendez-vous à venir qu’une personne peut en avoir. Annulez-en un d’abord, ou contactez le cabinet.',
    'err.session': 'Trop de conversations sont ouvertes. Réessayez plus tard.',
    'kind.hairdresser': 'Coiffeur',
    'kind.dentist': 'Dentiste',
    'kind.general_practitioner': 'Médecin généraliste',
    'kind.physiotherapist': 'Kinésithérapeute',
    'kind.psychologist': 'Psychologue',
    'widget.open': 'Prendre rendez-vous',
  },
};

/**
 * The API's field messages (rendezvous.FieldError) in French. The API
 * speaks English; a message missing here is shown as the API wrote it.
 * @type {Record<string, string>}
 */
export const fieldMessagesFr = {
  'is required': 'est obligatoire',
  'must be at most 100 characters': 'doit faire au plus 100 caractères',
  'must be at most 254 characters': 'doit faire au plus 254 caractères',
  'must be valid UTF-8 text': 'doit être un texte valide',
  'must be an email address such as name@example.com': 'doit être une adresse e-mail comme nom@exemple.fr',
  'must be written with ordinary letters, not full-width or look-alike ones': 'doit être écrit avec des lettres ordinaires, sans caractères pleine chasse ni sosies',
  'must use only ASCII letters, digits and punctuation before the @': 'ne doit contenir avant le @ que des lettres sans accent, des chiffres et de la ponctuation',
  'must be at most 32 characters': 'doit faire au plus 32 caractères',
  'must be a valid phone number, such as 06 12 34 56 78 or +33 6 12 34 56 78': 'doit être un numéro de téléphone valide, comme 06 12 34 56 78 ou +33 6 12 34 56 78',
  'must not contain control characters': 'ne doit pas contenir de caractères de contrôle',
  'must not contain invisible or text-direction characters': 'ne doit pas contenir de caractères invisibles ou de sens d’écriture',
  'must not begin a word with a combining mark': 'ne doit pas commencer un mot par un accent seul',
  'must not stack so many accents on one letter': 'ne doit pas empiler autant d’accents sur une lettre',
  'must contain letters': 'doit contenir des lettres',
};

const storageKey = 'rdv.lang';

/** @param {string | null | undefined} s @returns {Lang | null} */
export function asLang(s) {
  if (!s) return null;
  const l = s.toLowerCase();
  if (l === 'fr' || l.startsWith('fr-')) return 'fr';
  if (l === 'en' || l.startsWith('en-')) return 'en';
  return null;
}

/**
 * The language of the page: chosen with the switch in this tab, else
 * named by the link (#lang=fr), else the browser's first English or
 * French language, else English.
 * @returns {Lang}
 */
export function currentLang() {
  const chosen = asLang(safeSession()?.getItem(storageKey));
  if (chosen) return chosen;
  const hinted = asLang(new URLSearchParams(location.hash.slice(1)).get('lang'));
  if (hinted) return hinted;
  for (const l of navigator.languages || [navigator.language]) {
    const found = asLang(l);
    if (found) return found;
  }
  return 'en';
}

/** @returns {Storage | null} sessionStorage, or null where it is refused */
export function safeSession() {
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
}

/**
 * A word of the catalog, with {name} replaced by vars[name].
 * @param {string} key
 * @param {Record<string, string | number>} [vars]
 */
export function t(key, vars) {
  const lang = currentLang();
  let s = catalogs[lang][key] ?? catalogs.en[key] ?? key;
  if (vars) {
    for (const [k, v] of Object.entries(vars)) s = s.replaceAll('{' + k + '}', String(v));
  }
  return s;
}

/**
 * Puts the catalog's words into root: the text of [data-i18n] elements,
 * and attributes named by data-i18n-attr ("placeholder:key,aria-label:key").
 * @param {ParentNode} root
 */
export function translate(root) {
  document.documentElement.lang = currentLang();
  for (const el of root.querySelectorAll('[data-i18n]')) {
    el.textContent = t(/** @type {string} */ (el.getAttribute('data-i18n')));
  }
  for (const el of root.querySelectorAll('[data-i18n-attr]')) {
    for (const pair of (el.getAttribute('data-i18n-attr') || '').split(',')) {
      const [attr, key] = pair.split(':');
      if (attr && key) el.setAttribute(attr.trim(), t(key.trim()));
    }
  }
}

/** Sets the page's language and tells the page's components. @param {Lang} lang */
export function setLang(lang) {
  safeSession()?.setItem(storageKey, lang);
  translate(document);
  document.dispatchEvent(new CustomEvent('rdv:lang', { detail: lang }));
}

/**
 * <rdv-lang-switch>: two buttons, English and Français, the current one
 * pressed. Each is labelled in its own language, as language menus are.
 */
export class LangSwitch extends HTMLElement {
  connectedCallback() {
    if (this.firstChild) return;
    const group = document.createElement('div');
    group.setAttribute('role', 'group');
    group.className = 'lang';
    group.setAttribute('data-i18n-attr', 'aria-label:lang.label');
    /** @type {[Lang, string][]} */
    const langs = [['en', 'English'], ['fr', 'Français']];
    for (const [lang, name] of langs) {
      const b = document.createElement('button');
      b.type = 'button';
      b.lang = lang;
      b.textContent = name;
      b.dataset.lang = lang;
      b.addEventListener('click', () => setLang(lang));
      group.append(b);
    }
    this.append(group);
    this.sync();
    document.addEventListener('rdv:lang', () => this.sync());
  }

  sync() {
    const lang = currentLang();
    for (const b of this.querySelectorAll('button')) {
      b.setAttribute('aria-pressed', String(b.dataset.lang === lang));
    }
    this.querySelector('[role=group]')?.setAttribute('aria-label', t('lang.label'));
  }
}

/** Defines the shared elements and translates the page. */
export function startPage() {
  if (!customElements.get('rdv-lang-switch')) customElements.define('rdv-lang-switch', LangSwitch);
  translate(document);
}
