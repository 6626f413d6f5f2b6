// The `cloud-db-backup` command line. Commands arrive with the export issue.
const [command] = process.argv.slice(2);

if (command === undefined || command === '--help' || command === '-h') {
  console.log('Usage: cloud-db-backup <command>\n\nCommands:\n  demo     Back up the built-in demo database (not available yet)');
  process.exit(0);
}
if (command === 'demo') {
  console.error('The demo is not available yet: it arrives with the live-export feature.');
  process.exit(2);
}
console.error(`Unknown command '${command}'. Run cloud-db-backup --help.`);
process.exit(2);
