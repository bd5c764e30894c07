/**
 * Preloaded into the real process by test/startup.test.ts (`node --import`): on SIGUSR2 it causes the
 * two faults no code catches — an exception thrown from a timer and a promise rejected with nobody
 * awaiting it — each with personal data in its message, as a careless error could carry.
 */
process.on('SIGUSR2', () => {
  setTimeout(() => {
    throw new Error('lookup failed for kari@acme.no (phone 412 34 567, fnr 15076500565)');
  }, 0);
  void Promise.reject(new TypeError('Key (contact_name)=(Kari Nordmann) could not be "Kari Nordmann"'));
});
