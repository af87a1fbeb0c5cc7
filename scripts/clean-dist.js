// Removes dist/ before a build so files of deleted or renamed nodes never ship.
const fs = require('node:fs');
const path = require('node:path');

fs.rmSync(path.join(__dirname, '..', 'dist'), { recursive: true, force: true });
