.PHONY: setup start test check bench backtest

setup:
	npm install

start:
	npm start

test:
	npm test

check:
	npm run typecheck
	npm run lint
	npm test

bench:
	npm run bench

backtest:
	node bin/trading.mjs backtest
