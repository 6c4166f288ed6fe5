#!/usr/bin/env node
// Runs the TypeScript entry point directly through tsx, so no build step stands between a clone and `npm start`.
import { register } from "tsx/esm/api"

register()
await import("../src/main.ts")
