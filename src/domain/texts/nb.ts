import type { EventKind } from '../events.js';
import type { FnrKind } from '../fnr.js';
import type { AccessType, IntakeErrorCode } from '../intake.js';
import type { Status } from '../lifecycle.js';
import { plural } from './plural.js';

const bestillinger = (n: number) => `${n} ${plural('nb', n, { one: 'bestilling', other: 'bestillinger' })}`;

/** Norsk bokmål: the default language. en.ts must have exactly these keys (checked by the compiler). */
export const nb = {
  accessType: {
    fictitious_enterprise: 'Fiktiv virksomhet',
    customer_delegation: 'Delegering fra eksisterende kunde',
  } satisfies Record<AccessType, string>,
  /** Radio option descriptions: at most 75 characters (Slack's limit). */
  accessTypeHelp: {
    fictitious_enterprise: 'Vi lager en testvirksomhet; dere delegerer tilgangen til dere selv.',
    customer_delegation: 'En kunde bestiller tilgang i TT02 og delegerer den til dere.',
  } satisfies Record<AccessType, string>,
  intake: {
    title: 'Tilgang til TT02',
    submit: 'Send bestilling',
    close: 'Avbryt',
    testOnly:
      ':information_source: Foreløpig gir vi bare tilgang til API-ene våre i *testmiljøet TT02*. Tilgang til produksjonsmiljøet er ikke åpnet for eksterne ennå.',
    vendorSection: '*Systemleverandøren*',
    contactSection: '*Kontaktperson*',
    customerSection: '*Kunden som skal delegere tilgang*',
    labels: {
      vendor_org_number: 'Organisasjonsnummer',
      vendor_org_name: 'Virksomhetens navn',
      contact_name: 'Navn',
      contact_email: 'E-postadresse',
      contact_phone: 'Telefonnummer',
      access_type: 'Hvordan vil dere få tilgang?',
      customer_org_number: 'Kundens organisasjonsnummer',
      customer_org_name: 'Kundens navn',
      customer_email: 'Kundens e-postadresse',
      customer_phone: 'Kundens mobilnummer',
      production_data_ack: 'Bekreftelse',
    },
    placeholders: {
      orgNumber: '9 siffer, f.eks. 974 760 673',
      phone: 'f.eks. +47 412 34 567',
      email: 'navn@virksomhet.no',
    },
    hints: {
      orgNameFromRegister: 'Kan stå tomt: da bruker vi navnet i Enhetsregisteret.',
      contact_email: 'Bekreftelsen sendes hit. Den vises aldri i den delte kanalen.',
      contact_phone: 'Norsk eller utenlandsk nummer. Vises aldri i den delte kanalen.',
    },
    productionDataNotice:
      ':warning: *NB!* TT02 er et testmiljø med hovedsakelig syntetiske testdata. Ekte virksomheter leses bare inn ved behov, og da leses *produksjonsdata om virksomheten inn i et testmiljø*.',
    productionDataAck: 'Vi er kjent med at produksjonsdata om kunden leses inn i TT02',
    openingTitle: 'Et øyeblikk …',
    /** Teams' intake dialog, which cannot react to typing or choosing: its buttons for that. */
    teamsCheck: 'Sjekk',
    teamsUpdate: 'Oppdater skjemaet',
    teamsUpdateHint: 'Ved delegering fra kunde: velg det over og trykk *Oppdater skjemaet*, så kommer feltene for kunden.',
  },
  submitted: {
    title: 'Bestilling sendt',
    close: 'Lukk',
    body: (ref: string) =>
      `:white_check_mark: Takk! Bestillingen er registrert som *${ref}*. Vi følger den opp og holder dere oppdatert i en tråd i kanalen.`,
  },
  errors: {
    required: 'Fyll ut dette feltet.',
    org_format: 'Et organisasjonsnummer har 9 siffer, for eksempel 974 760 673.',
    org_checksum: 'Dette er ikke et gyldig organisasjonsnummer (kontrollsifferet stemmer ikke). Sjekk at sifrene er riktige.',
    name_too_short: 'Skriv minst 2 tegn.',
    name_too_long: 'Maks 200 tegn.',
    name_control_chars: 'Fjern spesialtegn som linjeskift, tabulatorer og usynlige tegn.',
    name_url: 'Skriv bare navnet, uten nettadresse, e-postadresse eller tegn som / : @ < >.',
    email_format: 'Skriv en gyldig e-postadresse, for eksempel navn@virksomhet.no.',
    phone_format: 'Skriv et gyldig telefonnummer, for eksempel +47 412 34 567 eller +46 70 123 45 67.',
    phone_not_mobile: 'Dette ser ut som et fasttelefonnummer. Oppgi kundens mobilnummer.',
    same_org: 'Kunden må være en annen virksomhet enn systemleverandøren.',
    ack_required: 'Kryss av for at dere er kjent med at produksjonsdata leses inn i testmiljøet.',
    register_not_found: 'Finner ikke dette organisasjonsnummeret i Enhetsregisteret. Sjekk at det er riktig.',
    register_removed: 'Dette organisasjonsnummeret er fjernet fra Enhetsregisteret.',
    register_deleted: 'Virksomheten er slettet i Enhetsregisteret og kan ikke få tilgang.',
    name_register_unavailable: 'Enhetsregisteret svarer ikke akkurat nå, så vi kan ikke hente navnet. Skriv det inn.',
  } satisfies Record<IntakeErrorCode, string>,
  duplicate: (ref: string) =>
    `Det finnes allerede en åpen bestilling for denne virksomheten (${ref}). Følg den opp i tråden i kanalen, eller trekk den tilbake før du sender en ny.`,
  entry: {
    text: 'Be om tilgang til TT02',
    intro:
      '*Tilgang til Brønnøysundregistrenes API-er i testmiljøet TT02*\nSystemleverandører kan be om tilgang her. Vi oppretter en fiktiv virksomhet for dere, eller leser inn en av kundene deres, som så delegerer tilgangen til dere. Dere får svar i en tråd i denne kanalen, og bekreftelsen på e-post.',
    button: 'Be om tilgang til TT02',
  },
  refusals: {
    channelNotAllowed:
      'Bestillinger av TT02-tilgang sendes fra en kanal som er delt med Brønnøysundregistrene. Bruk knappen «Be om tilgang til TT02» i den delte kanalen deres, eller ta kontakt med oss for å få en.',
    channelUnknown:
      'Jeg har ikke tilgang til denne kanalen. Legg til appen i kanalen (skriv /invite @TT02-tilgang) og prøv igjen.',
    notStaff: 'Bare Brønnøysundregistrenes saksbehandlere kan gjøre dette.',
    wrongChannel: 'Dette gjøres fra saksbehandlerkanalen.',
    somethingWentWrong: 'Noe gikk galt hos oss. Prøv igjen om litt – bestillingen din er ikke mistet hvis den ble sendt.',
    staffCheckFailed: 'Vi fikk ikke sjekket om du er saksbehandler akkurat nå. Ingenting er endret. Prøv igjen om litt.',
    unreadableButton: 'Knappen kunne ikke leses, og ingenting er endret. Bruk knappen i den nyeste meldingen.',
  },
  /** `/tt02-access help` or a word it does not know: each person sees only what they may run. */
  help: {
    everyone:
      'Skriv `/tt02-access` for å be om tilgang til TT02, eller bruk knappen «Be om tilgang til TT02» i kanalen dere deler med Brønnøysundregistrene.',
    staff: [
      '*Kommandoer for saksbehandlere*',
      '• `/tt02-access`: be om tilgang (skjemaet)',
      '• `/tt02-access find <referanse | organisasjonsnummer | navn>`: finn bestillinger',
      '• `/tt02-access post-button`: legg ut og fest knappen i denne kanalen',
      '• `/tt02-access altinn`: lag listen til Altinn',
      '• `/tt02-access report [periode] [with-contacts]`: rapport i en direktemelding; periode er `2026-11`, `2026-Q4`, `2026` eller `last-month`, uten periode de siste 30 dagene; `with-contacts` tar med kontaktopplysninger, og det blir logget',
      '• `/tt02-access export TT02-0042`: arkivdokument for én bestilling',
    ].join('\n'),
  },
  receipt: {
    text: (ref: string) => `Bestilling ${ref} av TT02-tilgang er mottatt`,
    title: (ref: string) => `Bestilling ${ref} er mottatt`,
    body: (requester: string, vendor: string, type: string) =>
      `${requester} har bedt om tilgang til TT02 for *${vendor}* (${type}). Vi tar kontakt når vi har gjort vår del – oppdateringer kommer i denne tråden.`,
  },
  status: {
    submitted: 'Mottatt',
    altinn_done: 'Lest inn i TT02',
    fnr_registered: 'Fødselsnummer registrert',
    needs_info: 'Venter på svar fra leverandøren',
    completed: 'Fullført',
    rejected: 'Avvist',
    withdrawn: 'Trukket tilbake',
  },
  card: {
    text: (ref: string, vendor: string, status: string) => `${ref} · ${vendor} · ${status}`,
    status: 'Status',
    accessType: 'Type',
    assignee: 'Saksbehandler',
    nobody: 'Ingen ennå',
    vendor: 'Systemleverandør',
    contact: 'Kontaktperson',
    customer: 'Kunde',
    requester: 'Innsendt av',
    channel: 'Kanal',
    overlap: (refs: string) => `Samme leverandør og kunde har også en åpen bestilling fra en annen kanal: ${refs}`,
    receipt: 'kvittering',
    productionDataAck: 'Leverandøren har krysset av for at de er kjent med at produksjonsdata om kunden leses inn i TT02',
    punycodeDomain: 'Domenet er punycode (xn--): e-postprogrammet viser det med andre bokstaver, så det kan se ut som et domene det ikke er.',
    registerName: (name: string) => `Enhetsregisteret: ${name}`,
    verified: ':white_check_mark: Organisasjonsnumrene er sjekket mot Enhetsregisteret',
    notVerified: ':warning: *Ikke verifisert*: Enhetsregisteret svarte ikke da bestillingen kom inn',
    verificationOff: 'Oppslag i Enhetsregisteret er slått av',
    bankrupt: ':rotating_light: Konkurs',
    windingUp: ':rotating_light: Under avvikling',
    fictitiousOrg: 'Fiktiv virksomhet',
    loginFnr: 'Fødselsnummer for innlogging',
    question: 'Spørsmål til leverandøren',
    answer: 'Svar fra leverandøren',
    rejectionReason: 'Begrunnelse for avslag',
    timeline: 'Historikk',
    earlierEvents: (n: number, command: string) =>
      `${n} ${new Intl.PluralRules('nb').select(n) === 'one' ? 'tidligere hendelse' : 'tidligere hendelser'} vises ikke her: hele historikken står i arkivdokumentet, ${command}`,
    mail: 'Bekreftelse på e-post',
    mailQueued: ':hourglass_flowing_sand: I kø',
    mailSent: (when: string) => `:email: Sendt ${when}`,
    mailFailing: (error: string) => `:x: Feiler: ${error}`,
    mailRetrying: (error: string) => `:hourglass_flowing_sand: Prøver igjen (${error})`,
    deleted: 'Slettet',
    fnrDeleted: (kind: string) => `_Slettet_ · ${kind}`,
    fnrDroppedOnFailure: 'Fødselsnummeret ble slettet da e-posten feilet: du blir bedt om det på nytt når du sender igjen.',
    fnrKind: {
      synthetic: 'syntetisk testnummer',
      dnr: 'D-nummer',
      fnr: 'ekte fødselsnummer',
      hnr: 'H-nummer',
    } satisfies Record<FnrKind, string>,
    purged: (date: string) =>
      `:lock: Personopplysningene i saken (kontaktpersonen, kundens e-post og telefon, fødselsnummeret og fritekstene) ble slettet ${date} etter lagringsregelen for avsluttede saker. Historikken viser fortsatt hvem som gjorde hva og når.`,
    systemActor: 'appen',
    buttons: {
      claim: 'Ta saken',
      takeOver: 'Overta saken',
      altinnCustomer: 'Lest inn i TT02',
      altinnFictitious: 'Fiktiv virksomhet opprettet',
      registerFnr: 'Registrer fødselsnummer',
      sendConfirmation: 'Send bekreftelse',
      askInfo: 'Be om opplysninger',
      reject: 'Avvis',
      recheck: 'Sjekk Enhetsregisteret på nytt',
      retryMail: 'Prøv å sende igjen',
    },
    confirmAltinn: {
      title: 'Lest inn i TT02?',
      text: 'Bekreft at systemleverandøren og kunden er lest inn i TT02 sammen med Altinn.',
      confirm: 'Ja, de er lest inn',
      deny: 'Avbryt',
    },
  },
  eventLabel: {
    submitted: 'Mottatt',
    claimed: 'Tatt',
    taken_over: 'Overtatt',
    altinn_done: 'Altinn-steget er gjort',
    fnr_registered: 'Fødselsnummer registrert',
    fnr_real_confirmed: 'Bekreftet at fødselsnummeret er en testidentitet',
    exported: 'Arkivdokument laget',
    fnr_reentered: 'Fødselsnummer registrert på nytt for ny sending',
    needs_info: 'Ba om opplysninger',
    info_answered: 'Leverandøren svarte',
    rejected: 'Avvist',
    withdrawn: 'Trukket tilbake',
    completed: 'Fullført, bekreftelse lagt i kø',
    register_rechecked: 'Enhetsregisteret sjekket på nytt',
    mail_retry: 'Ny sending av e-post',
    login_fnr_erased: 'Fødselsnummeret slettet etter sendt bekreftelse',
    login_fnr_dropped: 'Fødselsnummeret slettet da bekreftelsen ikke kom fram',
    personal_data_purged: 'Personopplysninger slettet (lagringstid)',
    feedback: 'Tilbakemelding fra leverandøren',
    vendor_replied: 'Leverandøren skrev i tråden',
    staff_replied: 'Svarte leverandøren',
    assigned: 'Tildelt',
    contact_corrected: 'Kontaktopplysninger rettet',
    sent_to_altinn: 'Sendt til Altinn',
    denied: 'Forsøk avvist (mangler tilgang)',
    report_with_contacts: 'Rapport med kontaktopplysninger laget',
  } satisfies Record<EventKind, string>,
  vendor: {
    withdraw: 'Trekk tilbake bestillingen',
    withdrawConfirm: {
      title: 'Trekke tilbake?',
      text: (ref: string) => `Bestilling ${ref} avsluttes, og vi gjør ikke mer med den.`,
      confirm: 'Trekk tilbake',
      deny: 'Avbryt',
    },
    answer: 'Svar',
    onlyRequester: 'Bare den som sendte bestillingen, eller en saksbehandler, kan trekke den tilbake.',
    noQuestion: (ref: string) => `Det er ikke noe åpent spørsmål på ${ref} nå.`,
    alreadyClosed: (ref: string, status: string) => `Bestilling ${ref} er allerede avsluttet (${status}).`,
  },
  notes: {
    altinnCustomer: ':white_check_mark: Dere og kunden er nå lest inn i TT02. Nå gjør vi klar testbrukeren dere skal logge inn med. Så får dere innloggingen på e-post, og kunden får en e-post om hva de må delegere til dere.',
    altinnFictitious: ':white_check_mark: Den fiktive virksomheten er opprettet i TT02, og tilgangene er delegert til den. Nå gjør vi klar testbrukeren dere skal logge inn med.',
    fnrRegistered: ':white_check_mark: Testbrukeren dere skal logge inn i TT02 med, er klar. Fødselsnummeret og hvordan dere logger inn, får dere på e-post.',
    needsInfo: (q: string) => `:question: *Vi trenger flere opplysninger*\n>${q}\nSvar med knappen under.`,
    resumed: ':arrow_forward: Takk for svaret! Vi fortsetter med bestillingen.',
    rejected: (reason: string) => `:no_entry: *Bestillingen er avvist.*\n>${reason}`,
    withdrawn: ':heavy_minus_sign: Bestillingen er trukket tilbake.',
    confirmationSent: (name: string) =>
      `:email: Bekreftelsen er sendt på e-post til ${name}, med innloggingen i TT02 og neste steg: integrasjon mot Maskinporten.`,
    answered: (user: string) => `:speech_balloon: ${user} har svart. Svaret er sendt til saksbehandleren og vises ikke her.`,
    /** Who replied, when staff work in Teams and the reply carries no name. */
    caseOfficer: 'En saksbehandler',
    staffReply: (who: string, text: string) => `:speech_balloon: *${who} hos Brønnøysundregistrene:*\n>${text}`,
    mailFailed: {
      contact: ':warning: Vi fikk ikke sendt e-post til kontaktpersonen. Vi følger det opp.',
      customer: ':warning: Vi fikk ikke sendt e-post til kunden. Vi følger det opp.',
    },
  },
  staff: {
    /** Staff in Slack with triage in Teams (TEAMS_TRIAGE_CONVERSATION_ID). */
    triageInTeams: 'Bestillingene behandles nå i Microsoft Teams: bruk kortene i saksbehandlerkanalen der, eller skriv «queue», «find», «altinn», «report» eller «export» til @TT02-tilgang i Teams.',
    notAllowed: 'Du har ikke tilgang til dette. Bare Brønnøysundregistrenes saksbehandlere kan behandle bestillinger, og bare fra saksbehandlerkanalen.',
    stale: (ref: string, status: string) =>
      `Noen andre har nettopp endret ${ref} (nå: ${status}). Kortet er oppdatert – se der før du gjør noe mer.`,
    notFound: 'Fant ikke bestillingen. Den kan være slettet.',
    alreadyYours: (ref: string) => `Du har allerede ${ref}.`,
    claimed: (ref: string) => `Du har tatt ${ref}.`,
    fictitiousModal: {
      title: 'Fiktiv virksomhet',
      submit: 'Registrer',
      intro: (ref: string, vendor: string) => `Organisasjonsnummeret til den fiktive virksomheten som er opprettet i TT02 for *${vendor}* (${ref}).`,
      label: 'Den fiktive virksomhetens organisasjonsnummer',
    },
    fnrModal: {
      title: 'Fødselsnummer',
      submit: 'Registrer',
      intro: (ref: string) =>
        `Fødselsnummeret leverandøren skal logge inn i TT02 med (${ref}). Det vises aldri i sin helhet i Slack. Det står i bekreftelsen på e-post til kontaktpersonen, og i kopien til Brønnøysundregistrenes postkasse hvis MAIL_BCC er satt. Kunden får det ikke.`,
      label: 'Fødselsnummer (11 siffer)',
      hint: 'Syntetiske testnumre fra Tenor (måned + 80, også som D-nummer) godtas som de er. Alle andre numre, også vanlige D-numre, krever at du krysser av for at det er en testidentitet.',
      confirmLabel: 'Bekreftelse',
      confirmOption: 'Jeg bekrefter at dette er en testidentitet',
      reenterIntro: (ref: string) =>
        `:warning: Bekreftelsen på e-post (${ref}) kom ikke fram, og fødselsnummeret ble slettet da den feilet. Skriv det inn på nytt, så sendes bekreftelsen igjen. Var det adressen som var feil, rett kontaktopplysningene først.`,
      reenterSubmit: 'Lagre og send',
    },
    askModal: {
      title: 'Be om opplysninger',
      submit: 'Send spørsmål',
      intro: 'Spørsmålet vises i tråden i leverandørens delte kanal. Ikke skriv personopplysninger.',
      label: 'Spørsmål til leverandøren',
    },
    rejectModal: {
      title: 'Avvis bestilling',
      submit: 'Avvis',
      intro: 'Begrunnelsen vises i tråden i leverandørens delte kanal og sendes på e-post til kontaktpersonen. Ikke skriv personopplysninger.',
      label: 'Begrunnelse',
    },
    errors: {
      fnr_format: 'Et fødselsnummer har 11 siffer.',
      fnr_checksum: 'Kontrollsifrene stemmer ikke. Sjekk at nummeret er riktig.',
      fnr_date: 'Datoen i nummeret finnes ikke. Sjekk de seks første sifrene.',
      fnr_needs_confirmation:
        'Dette er ikke et syntetisk testnummer (Tenor), og kan tilhøre en ekte person. Kryss av bare hvis du har bekreftet at det er en testidentitet.',
      same_as_vendor: 'Den fiktive virksomheten må ha et annet organisasjonsnummer enn systemleverandøren.',
      required: 'Fyll ut dette feltet.',
      too_long: 'Maks 2000 tegn.',
      control_chars: 'Fjern usynlige styretegn (for eksempel tegn som snur skriveretningen); vanlige linjeskift er greit.',
    },
  },
  answerModal: {
    title: 'Svar',
    submit: 'Send svar',
    question: 'Spørsmål fra Brønnøysundregistrene',
    label: 'Svaret ditt',
    hint: 'Svaret går til saksbehandleren hos Brønnøysundregistrene og vises ikke i kanalen. Ikke skriv fødselsnummer eller andre personopplysninger her.',
    thanks: 'Takk! Svaret er sendt til saksbehandleren.',
  },
  confirmation: {
    title: 'Send bekreftelse',
    submit: 'Send e-post',
    intro: 'Slik blir e-posten. Fødselsnummeret er maskert her; i e-posten står det i sin helhet.',
    to: 'Til',
    cc: 'Kopi',
    subject: 'Emne',
    notReady: 'Bekreftelsen kan ikke lages ennå. Sjekk at alle stegene er gjort.',
    recheckOff: 'Oppslag i Enhetsregisteret er slått av (ENHETSREGISTERET_URL=off).',
    nothingToRetry: 'Det er ingen feilet e-post å sende på nytt.',
    bcc: 'Blindkopi',
    customerAlso: (customer: string, address: string) => `${customer} (${address}) får i tillegg en egen e-post om hva de skal delegere, uten fødselsnummeret.`,
  },
  /** The status as the vendor reads it (about itself in the second person). */
  vendorStatus: {
    submitted: 'Mottatt',
    altinn_done: 'Lest inn i TT02',
    fnr_registered: 'Testbrukeren er klar',
    needs_info: 'Venter på svar fra dere',
    completed: 'Fullført',
    rejected: 'Avvist',
    withdrawn: 'Trukket tilbake',
  } satisfies Record<Status, string>,
  /** The Altinn step's status for a fictitious enterprise ("Lest inn i TT02" is for customer delegation). */
  statusFictitiousCreated: 'Fiktiv virksomhet opprettet',
  language: {
    /** The button that switches the intake modal to the other language. */
    switchTo: 'English',
  },
  /** The register's answer under an organisation number as it is typed. */
  registerNote: {
    found: (name: string, place: string | null) => `:white_check_mark: ${name}${place ? `, ${place}` : ''}`,
    notFound: ':x: Finnes ikke i Enhetsregisteret',
    removed: ':x: Fjernet fra Enhetsregisteret',
    deleted: ':x: Slettet i Enhetsregisteret',
    bankrupt: 'konkurs',
    windingUp: 'under avvikling',
    checksum: ':x: Kontrollsifferet stemmer ikke',
    unavailable: ':hourglass_flowing_sand: Enhetsregisteret svarer ikke akkurat nå; vi sjekker igjen når dere sender',
  },
  feedback: {
    question: 'Fungerte dette for dere?',
    yes: '👍 Ja',
    no: '👎 Nei',
    thanksYes: ':pray: Takk for tilbakemeldingen!',
    thanksNo: ':pray: Takk for tilbakemeldingen. Vi ser på det.',
    modalTitle: 'Hva gikk galt?',
    modalSubmit: 'Send',
    modalLabel: 'Én linje om hva som ikke fungerte',
    modalHint: 'Går til Brønnøysundregistrene. Ikke skriv fødselsnummer eller andre personopplysninger.',
    cardLabel: 'Tilbakemelding',
    cardYes: (user: string) => `:+1: Fungerte (${user})`,
    cardNo: (user: string, why: string) => `:-1: Fungerte ikke (${user})${why ? `: ${why}` : ''}`,
  },
  home: {
    staffTitle: 'TT02-tilgang: køen',
    altinnBatch: 'Liste til Altinn',
    staffIntro: 'Bestillinger som venter, med alder i arbeidsdager. Lenken på referansen åpner kortet i saksbehandlerkanalen.',
    requesterTitle: 'Bestillingene dine av TT02-tilgang',
    requesterIntro: 'Status på bestillingene du har sendt. Oppdateringer kommer også i tråden i kanalen dere deler med oss.',
    noRequests: 'Du har ingen bestillinger ennå.',
    noChannel:
      'Bestillinger sendes fra kanalen dere deler med Brønnøysundregistrene. Bruk knappen «Be om TT02-tilgang» der, eller ta kontakt med oss for å få en slik kanal.',
    sections: {
      mine: 'Mine',
      unassigned: 'Ikke tildelt',
      waiting_vendor: 'Venter på leverandøren',
      waiting_altinn: 'Venter på Altinn-steget',
      waiting_fnr: 'Venter på fødselsnummer',
      recently_closed: 'Nylig avsluttet',
    },
    empty: 'Ingen.',
    more: (n: number) => `… og ${n} til`,
    age: (days: number) => `${days} ${plural('nb', days, { one: 'arbeidsdag', other: 'arbeidsdager' })}`,
    nobody: 'ikke tildelt',
    claim: 'Ta saken',
    open: 'Åpne',
  },
  digest: {
    text: (day: string) => `Morgenoversikt TT02-tilgang ${day}`,
    title: (day: string) => `Morgenoversikt ${day}`,
    legend: ':warning: over fristen',
    unassignedHeading: 'Ikke tildelt',
    overdueHeading: {
      altinn: 'Over fristen: Altinn-steget',
      fnr: 'Over fristen: fødselsnummer',
      confirmation: 'Over fristen: bekreftelsen',
    },
    vendorHeading: 'Venter lenge på leverandøren',
    threshold: (days: string) => `frist ${days}`,
    item: (ref: string, vendor: string, days: string, who: string) => `${ref} · ${vendor} · ${days} · ${who}`,
    more: (n: number) => `… og ${n} til`,
    sentToAltinnHeading: 'Sendt til Altinn, venter fortsatt på Altinn-steget',
    allClear: ':sunny: Ingenting venter over fristen, og alt er tildelt.',
  },
  reminders: {
    idle: (ref: string, vendor: string, days: string) =>
      `:alarm_clock: ${ref} (${vendor}) har stått stille i ${days}. Den er tildelt deg.`,
    openCard: 'Åpne kortet',
    nudge: (user: string, days: string) =>
      `:wave: ${user}, vi venter fortsatt på svar på spørsmålet over (${days}). Svar med knappen «Svar» i meldingen med spørsmålet.`,
  },
  conversation: {
    buttons: {
      reply: 'Svar leverandøren',
      resume: 'Fortsett',
      assign: 'Tildel',
      fixContact: 'Rett kontaktperson',
      sendAgain: (what: string) => `Send ${what} på nytt`,
    },
    vendorWrote: (user: string, text: string, assignee: string | null) =>
      `:speech_balloon: ${user} skrev i leverandørtråden${assignee ? ` (til ${assignee})` : ''}:\n>${text}`,
    assigned: (assignee: string, by: string) => `:bust_in_silhouette: ${assignee}: ${by} har tildelt deg denne bestillingen.`,
    vendorWroteAfterPurge: (user: string, assignee: string | null) =>
      `:speech_balloon: ${user} skrev i leverandørtråden${assignee ? ` (til ${assignee})` : ''}. Teksten kopieres ikke hit: personopplysningene i denne bestillingen er slettet.`,
    /** What a post that carried personal data or free text says once the request is purged. */
    redacted: ':lock: _Slettet etter oppbevaringsregelen for avsluttede bestillinger._',
    replyModal: {
      title: 'Svar leverandøren',
      submit: 'Send svar',
      intro: 'Svaret vises i tråden i leverandørens delte kanal, med navnet ditt. Ikke skriv personopplysninger.',
      label: 'Svar til leverandøren',
      closed: (ref: string) => `${ref} er avsluttet: svaret er ikke sendt.`,
    },
    resumeModal: {
      title: 'Fortsett bestillingen',
      submit: 'Fortsett',
      intro: (ref: string) => `Leverandørens svar på spørsmålet i ${ref}. Bestillingen fortsetter fra steget den stod på.`,
      fromThread: 'Fylt ut med leverandørens siste svar i tråden. Rett det om nødvendig.',
      label: 'Leverandørens svar',
    },
    assignModal: {
      title: 'Tildel bestilling',
      submit: 'Tildel',
      intro: (ref: string) => `Hvem skal ha ${ref}? Bare Brønnøysundregistrenes saksbehandlere kan velges.`,
      label: 'Saksbehandler',
      notStaff: 'Velg en av Brønnøysundregistrenes saksbehandlere.',
      checkFailed: 'Vi fikk ikke sjekket om personen er saksbehandler. Prøv igjen om litt.',
      notInTeam: 'Personen er ikke medlem av teamet saksbehandlerkanalen ligger i. Legg personen til i teamet, eller velg en annen.',
      closed: (ref: string) => `${ref} er avsluttet og kan ikke tildeles.`,
    },
    contactModal: {
      title: 'Rett kontaktopplysninger',
      submit: 'Lagre',
      intro: (ref: string) => `Kontaktpersonens e-postadresse og telefonnummer i ${ref}. Endringen logges, men ikke verdiene.`,
      email: 'E-postadresse',
      phone: 'Telefonnummer',
      customerIntro: (org: string) => `Kundens e-postadresse og mobilnummer (${org}): kundens egen e-post sendes til denne adressen.`,
      customerEmail: 'Kundens e-postadresse',
      customerPhone: 'Kundens mobilnummer',
      purged: 'Personopplysningene i denne bestillingen er slettet.',
    },
    mailWhat: {
      confirmation: 'bekreftelsen',
      rejection: 'avvisningen',
      question: 'spørsmålet',
      customer: 'e-posten til kunden',
    },
    mailGivenUp: (what: string, error: string) => `:x: E-posten med ${what} ble ikke levert, og vi har gitt opp: ${error}`,
    find: {
      usage: 'Skriv `/tt02-access find` og en referanse (TT02-0042 eller 42), et organisasjonsnummer eller et navn.',
      none: (q: string) => `Fant ingen bestillinger for «${q}».`,
      heading: (q: string) => `Bestillinger for «${q}»:`,
      more: (n: number) => `… og ${n} til. Søk mer presist for å se dem.`,
      noCard: 'kortet er ikke postet ennå',
    },
  },
  mail: {
    greeting: (name: string) => (name ? `Hei ${name},` : 'Hei,'),
    signOff: ['Med vennlig hilsen', 'Brønnøysundregistrene'],
    reference: 'Referanse: ',
    vendorLine: (vendor: string, orgNumber: string) => `Systemleverandør: ${vendor} (org.nr. ${orgNumber})`,
    accessTypeLine: {
      fictitious_enterprise: 'Type tilgang: opprettelse av fiktiv virksomhet',
      customer_delegation: 'Type tilgang: delegering fra eksisterende kunde',
    } satisfies Record<AccessType, string>,
    named: (name: string, orgNumber: string) => `${name} (org.nr. ${orgNumber})`,
    fallbackVendor: 'systemleverandøren',
    fallbackCustomer: 'kunden',
    questionsInSlack: (ref: string) => `Har du spørsmål, kan du ta kontakt med oss i Slack-kanalen dere deler med oss. Oppgi referansen ${ref}.`,
    productionData: {
      heading: 'Husk at TT02 inneholder produksjonsdata',
      body: (who: string) =>
        `TT02 er et testmiljø med hovedsakelig syntetiske testdata. Ekte virksomheter leses bare inn ved behov, og da ligger det produksjonsdata om dem i testmiljøet. For denne bestillingen gjelder det ${who}. Behandle disse opplysningene med samme varsomhet som i produksjon, og bruk dem bare til testing.`,
      and: (a: string, b: string) => `${a} og ${b}`,
    },
    productionAccess: {
      heading: 'Tilgang i produksjon',
      body: 'Foreløpig er det bare mulig å få tilgang til API-ene våre i testmiljøet. Produksjonsmiljøet er ennå ikke åpnet for eksterne brukere. Vi gir beskjed så snart det blir mulig å bestille tilgang til produksjon.',
    },
    confirmation: {
      subject: (ref: string) => `TT02-tilgang: innlogging og neste steg – ${ref}`,
      intro: {
        customer_delegation:
          'Vi har behandlet bestillingen av tilgang til Brønnøysundregistrenes API-er i testmiljøet TT02. I samarbeid med Altinn har vi lest inn dere og kunden i TT02, slik at kunden kan delegere tilgangen til dere.',
        fictitious_enterprise:
          'Vi har behandlet bestillingen av tilgang til Brønnøysundregistrenes API-er i testmiljøet TT02. I samarbeid med Altinn har vi opprettet en fiktiv virksomhet i TT02 og delegert tilgangene til den.',
      } satisfies Record<AccessType, string>,
      loginHeading: 'Slik logger dere inn i TT02',
      fnrIntro: 'Fødselsnummeret til testbrukeren deres:',
      fnrNote: 'Det tilhører en syntetisk testperson og kan bare brukes i testmiljøet.',
      fnrNoteTestIdentity: 'Det tilhører en testidentitet som vi har bekreftet, og kan bare brukes i testmiljøet.',
      loginSteps: (portalUrl: string, enterprise: string) => [
        `1. Åpne Altinns testportal TT02: ${portalUrl}`,
        '2. Velg «Logg inn».',
        '3. Velg TestID som innloggingsmåte.',
        '4. Skriv inn fødselsnummeret over.',
        `5. Velg ${enterprise}.`,
      ],
      customerHeading: 'Dette må kunden gjøre nå',
      customerBody: (customer: string, customerOrg: string, vendor: string, vendorOrg: string) =>
        `${customer} (org.nr. ${customerOrg}) må nå delegere tilgangen i TT02 til ${vendor} (org.nr. ${vendorOrg}). Tilgangen er ikke klar før kunden har gjort dette.`,
      customerEmailed: 'Vi har sendt kunden en egen e-post om hva de skal delegere, og til hvem.',
      fictitiousHeading: 'Den fiktive virksomheten',
      fictitiousBody: (fictitiousOrg: string, vendor: string, vendorOrg: string) =>
        `Den fiktive virksomheten har organisasjonsnummer ${fictitiousOrg}. Når dere har logget inn og valgt den, delegerer dere tilgangen videre til ${vendor} (org.nr. ${vendorOrg}).`,
      fictitiousEnterprise: (orgNumber: string) => `den fiktive virksomheten (org.nr. ${orgNumber})`,
      /** Step 5 for customer delegation: the vendor's own enterprise. */
      namedEnterprise: (name: string, orgNumber: string) => `virksomheten ${name} (org.nr. ${orgNumber})`,
      nextHeading: 'Neste steg: Maskinporten',
      nextBody: {
        customer_delegation:
          'Når kunden har delegert tilgangen til dere, er neste steg å integrere dere mot Maskinporten. Vi har laget en veiledning:',
        fictitious_enterprise:
          'Når dere har delegert tilgangen til dere selv, er neste steg å integrere dere mot Maskinporten. Vi har laget en veiledning:',
      } satisfies Record<AccessType, string>,
      guideLabel: 'Veiledning for integrasjon mot Maskinporten',
      recipients: (customerEmail: boolean, archiveCopy: boolean) =>
        `Denne e-posten, med fødselsnummeret, er sendt til deg${archiveCopy ? ', med en kopi til Brønnøysundregistrenes egen postkasse' : ''}.${customerEmail ? ' Kunden får en egen e-post uten fødselsnummeret.' : ''}`,
    },
    customer: {
      subject: (vendor: string) => `Deleger TT02-tilgang til ${vendor}`,
      otherLanguage: 'English version below.',
      heading: 'Norsk',
      intro: (customer: string, customerOrg: string, vendor: string, vendorOrg: string) =>
        `${vendor} (org.nr. ${vendorOrg}) har bestilt tilgang til Brønnøysundregistrenes API-er i testmiljøet TT02, med delegering fra dere som kunde: ${customer} (org.nr. ${customerOrg}). Vi har nå lest inn dere og ${vendor} i TT02.`,
      stepsHeading: 'Dette må dere gjøre',
      steps: (portalUrl: string, customer: string, vendor: string, vendorOrg: string) => [
        `1. Åpne Altinns testportal TT02: ${portalUrl}`,
        `2. Velg «Logg inn», og logg inn som en person som kan delegere tilganger for ${customer}.`,
        `3. Velg ${customer} som virksomheten du representerer.`,
        `4. Deleger tilgangen til Brønnøysundregistrenes API-er til ${vendor} (org.nr. ${vendorOrg}).`,
      ],
      notReady: (vendor: string) => `Tilgangen er ikke klar for ${vendor} før dere har delegert den.`,
      productionData: (customer: string) =>
        `Merk: For å gjøre dette mulig er produksjonsdata om ${customer} lest inn i testmiljøet TT02. Opplysningene brukes bare til testing.`,
      why: (vendor: string, ref: string) =>
        `Dere får denne e-posten fordi ${vendor} oppga dere som kunde i bestillingen. Har dere spørsmål, svar på denne e-posten og oppgi referansen ${ref}.`,
    },
    nudge: {
      subject: (ref: string) => `Vi venter på svar fra dere – ${ref}`,
      intro: (vendor: string, ref: string, days: string) =>
        `Vi trenger mer informasjon for å behandle bestillingen av TT02-tilgang for ${vendor} (referanse ${ref}), og har ventet på svar i ${days}.`,
      questionHeading: 'Spørsmålet vårt',
      how: 'Svar med knappen «Svar» under spørsmålet i tråden i Slack-kanalen dere deler med oss. Svaret går bare til saksbehandleren.',
    },
    question: {
      subject: (ref: string) => `Spørsmål om bestillingen av TT02-tilgang – ${ref}`,
      intro: (vendor: string, ref: string) =>
        `Vi behandler bestillingen av tilgang til Brønnøysundregistrenes API-er i testmiljøet TT02 for ${vendor} (referanse ${ref}), og trenger flere opplysninger.`,
      questionHeading: 'Spørsmålet vårt',
      answerHeading: 'Slik svarer dere',
      answer: (ref: string) =>
        `Svar i tråden til bestillingen i Slack-kanalen dere deler med oss, med knappen «Svar» under spørsmålet. Oppgi referansen ${ref} hvis dere tar kontakt på annen måte. Bestillingen venter til vi har svaret.`,
    },
    rejection: {
      subject: (ref: string) => `TT02-tilgang ikke innvilget – ${ref}`,
      intro: (vendor: string, how: string, ref: string) =>
        `Vi har behandlet bestillingen av tilgang til Brønnøysundregistrenes API-er i testmiljøet TT02 for ${vendor} (${how}, referanse ${ref}). Vi kan dessverre ikke innvilge bestillingen.`,
      fallbackVendor: 'dere',
      how: {
        fictitious_enterprise: 'opprettelse av fiktiv virksomhet',
        customer_delegation: 'delegering fra eksisterende kunde',
      } satisfies Record<AccessType, string>,
      reasonHeading: 'Begrunnelse',
      noReason: 'Det er ikke oppgitt noen begrunnelse. Ta gjerne kontakt med oss, så forklarer vi mer.',
      nextHeading: 'Hva kan dere gjøre nå?',
      next: (ref: string) =>
        `Har du spørsmål, kan du ta kontakt med oss i Slack-kanalen dere deler med oss. Oppgi referansen ${ref}. Der kan dere også sende inn en ny bestilling.`,
    },
  },
  /** Staff tools: the Altinn batch, reports, the monthly summary and the archive export. */
  reports: {
    usage:
      'Saksbehandlere: `/tt02-access altinn` lager listen til Altinn. `/tt02-access report [periode] [with-contacts]` sender en rapport i en direktemelding; periode er `2026-11` (måned), `2026-Q4` (kvartal), `2026` (år) eller `last-month`, og uten periode de siste 30 dagene. `with-contacts` tar med kontaktopplysninger, og det blir logget. `/tt02-access export TT02-0042` lager et arkivdokument for én bestilling.',
    badPeriod: (raw: string) =>
      `Jeg forstår ikke perioden «${raw}». Skriv for eksempel \`2026-11\`, \`2026-Q4\`, \`2026\` eller \`last-month\`, eller ingenting for de siste 30 dagene.`,
    reportQueued: (label: string) => `Rapporten for ${label} kommer straks i en direktemelding fra meg.`,
    reportQueuedWithContacts: (label: string) =>
      `Rapporten for ${label}, med kontaktopplysninger, kommer straks i en direktemelding fra meg. At du ba om kontaktopplysninger er logget.`,
    reportComment: (label: string, n: number) => `Rapport for ${label}: ${bestillinger(n)}.`,
    exportUsage: 'Skriv referansen, for eksempel `/tt02-access export TT02-0042`.',
    exportNotFound: (ref: string) => `Jeg finner ingen bestilling med referansen ${ref}.`,
    exportQueued: (ref: string) => `Arkivdokumentet for ${ref} kommer straks i en direktemelding fra meg.`,
    exportComment: (ref: string) => `Arkivdokument for ${ref}.`,
    chart: {
      title: (label: string) => `Bestillinger per uke, ${label}`,
      week: 'Uke',
      requests: 'Bestillinger',
      accessType: 'Type tilgang',
      leadTitle: 'Arbeidsdager fra mottatt til fullført',
      days: 'Arbeidsdager',
      median: 'Median',
      p90: '90. persentil',
      measure: 'Mål',
    },
    monthly: {
      title: (label: string) => `*Månedsoppsummering for ${label}*`,
      counts: (received: number, completed: number, rejected: number, withdrawn: number) =>
        `Mottatt: ${received} · Fullført: ${completed} · Avvist: ${rejected} · Trukket tilbake: ${withdrawn}`,
      leadHeading: 'Arbeidsdager, median / 90. persentil (fullførte bestillinger):',
      steps: {
        toAltinn: 'Mottatt → Altinn-steget',
        toFnr: 'Altinn-steget → fødselsnummer',
        toConfirmation: 'Fødselsnummer → bekreftelse',
        total: 'Mottatt → fullført',
      },
      none: '–',
      feedback: (pct: number, n: number) => `👍 i ${pct} % av ${n} ${plural('nb', n, { one: 'tilbakemelding', other: 'tilbakemeldinger' })}.`,
      noFeedback: 'Ingen tilbakemeldinger denne måneden.',
    },
    altinn: {
      title: 'Liste til Altinn',
      submit: 'Lag listen',
      close: 'Avbryt',
      loading: 'Henter bestillingene som venter på Altinn-steget …',
      none: 'Ingen bestillinger venter på Altinn-steget nå.',
      intro: (n: number) =>
        `${bestillinger(n)} venter på Altinn-steget. Velg dem som skal med på listen. Listen (CSV) legges i saksbehandlerkanalen, og bestillingene merkes «sendt til Altinn». Listen har ingen personopplysninger.`,
      pick: 'Bestillinger',
      placeholder: 'Velg bestillinger',
      pickRequired: 'Velg minst én bestilling.',
      sentBefore: (day: string) => `sendt ${day}`,
      fileComment: (n: number, by: string) => `Liste til Altinn med ${bestillinger(n)}, laget av ${by}. Bestillingene er merket «sendt til Altinn».`,
      batchMessage: (n: number, refs: string) => `*Sendt til Altinn:* ${bestillinger(n)} (${refs}). Når Altinn bekrefter, registrerer du Altinn-steget for alle her.`,
      confirmButton: 'Altinn har bekreftet alle',
      confirmTitle: 'Registrere Altinn-steget?',
      confirmText: 'Altinn-steget registreres for alle bestillingene på listen som fortsatt venter på det.',
      confirmYes: 'Registrer',
      confirmNo: 'Avbryt',
      recorded: (done: number, skipped: number) =>
        `Altinn-steget er registrert for ${bestillinger(done)}.${skipped > 0 ? ` ${bestillinger(skipped)} ble hoppet over: ${plural('nb', skipped, { one: 'den hadde gått videre, eller er en fiktiv virksomhet', other: 'de hadde gått videre, eller er fiktive virksomheter' })} som trenger organisasjonsnummeret (bruk knappen på kortet).` : ''}`,
      unknownBatch: 'Jeg finner ikke denne listen.',
    },
    record: {
      title: (ref: string) => `Arkivdokument for ${ref}`,
      generated: (at: string) => `Laget ${at} (norsk tid)`,
      request: 'Bestilling',
      events: 'Hendelser (norsk tid)',
      texts: 'Tekster',
      question: 'Spørsmål til leverandøren',
      answer: 'Svar fra leverandøren',
      rejection: 'Begrunnelse for avvisning',
      feedback: 'Tilbakemelding',
      fnr: (kind: string) => `Fødselsnummer for innlogging: registrert (${kind}); selve nummeret er aldri med.`,
      noFnr: 'Fødselsnummer for innlogging: ikke registrert.',
    },
  },
};

export type Texts = typeof nb;
