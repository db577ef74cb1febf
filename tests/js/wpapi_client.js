#!/usr/bin/env node
/*
 * Drive the Booknetic REST API of one tenant with the unmodified third-party client `wpapi` (npm, 1.2.2).
 *
 *   node tests/js/wpapi_client.js <tenant site root> <login> <application password> [appointment id]
 *
 * Discovers the API from the tenant's site root (WPAPI.discover: the site's Link header, then the
 * /wp-json/ index), authenticates with HTTP Basic (an application password), lists appointments and
 * customers under booknetic/v1, reads one appointment (and one that does not exist, to show the error
 * body), and prints one JSON document on stdout. Exit status 1 with the error on stderr if anything fails
 * unexpectedly.
 */
'use strict';

const WPAPI = require( 'wpapi' );

async function expectError( request ) {
	try {
		await request;
	} catch ( error ) {
		return { code: error.code, message: error.message, data: error.data };
	}
	throw new Error( 'the request was expected to fail' );
}

async function main() {
	const [ siteRoot, username, password, appointmentId ] = process.argv.slice( 2 );
	if ( ! siteRoot || ! username || ! password ) {
		throw new Error( 'usage: wpapi_client.js <site root> <login> <application password> [appointment id]' );
	}
	const site = await WPAPI.discover( siteRoot );
	site.auth( { username, password } );
	const booknetic = site.namespace( 'booknetic/v1' );

	const result = {
		endpoint: site._options.endpoint,
		appointments: await booknetic.appointments().param( 'limit', 50 ).get(),
		customers: await booknetic.customers().param( 'limit', 50 ).get(),
		missing: await expectError( booknetic.appointments().id( 999999 ).get() ),
	};
	if ( appointmentId ) {
		result.appointment = await booknetic.appointments().id( Number( appointmentId ) ).get();
	}
	const anonymous = await WPAPI.discover( siteRoot );
	result.anonymous = await expectError( anonymous.namespace( 'booknetic/v1' ).appointments().get() );
	process.stdout.write( JSON.stringify( result ) + '\n' );
}

main().catch( ( error ) => {
	process.stderr.write( ( error && error.stack ) || String( error ) );
	process.stderr.write( '\n' );
	process.exit( 1 );
} );
