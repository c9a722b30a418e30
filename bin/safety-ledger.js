#!/usr/bin/env node
// Package bin: the command-line tool built by `npm run build` (electron-vite) into out/main/cli.js.
require('../out/main/cli.js')
