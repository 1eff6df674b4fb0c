"""Interim: the English sentences not typed yet (connectors', keyring's, store's, setup check's), said in the window's language.

The planner, the engine, the Checklist and the send service say typed messages (domain/messages.py);
these producers still raise errors with English `user_message`s. Until they say Messages too, the
window words such a sentence by matching it against the English templates below and filling the
matching template's translation (`said`, called by `domain.messages` for a plain text); a sentence
it does not know is shown as it is (English), never garbled. Each template here goes when its
producer says a Message (issue 13 point 3); tests/test_i18n.py makes the sentences through their
real code paths and fails when one is shown in English in the Swedish window.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from . import i18n
from .i18n import QT_TRANSLATE_NOOP, translate

_TEMPLATES = (
    # ---------------------------------------------------------------- sync/engine.py: progress and run messages
    QT_TRANSLATE_NOOP("Sentences", "Loading SuperOffice lists and eMarketeer master data"),
    QT_TRANSLATE_NOOP("Sentences", "Deciding"),
    QT_TRANSLATE_NOOP("Sentences", "Finished"),
    QT_TRANSLATE_NOOP("Sentences", "Reading SuperOffice e-mail addresses"),
    QT_TRANSLATE_NOOP("Sentences", "Reading SuperOffice consents ({n} addresses)"),
    QT_TRANSLATE_NOOP("Sentences", "Reading eMarketeer contacts"),
    QT_TRANSLATE_NOOP("Sentences", "Reading eMarketeer consents ({n} contacts)"),
    QT_TRANSLATE_NOOP("Sentences", "Reading what changed in {system}"),
    QT_TRANSLATE_NOOP("Sentences", "Reading {n} addresses in {system}"),
    QT_TRANSLATE_NOOP("Sentences", "Reading what changed in {system} (for {n} addresses)"),
    QT_TRANSLATE_NOOP("Sentences", "Reading eMarketeer's consents (for {n} addresses)"),
    QT_TRANSLATE_NOOP("Sentences", "Written {done} of {total} planned changes"),
    QT_TRANSLATE_NOOP("Sentences", "{message} The run stopped; what was done is recorded."),
    QT_TRANSLATE_NOOP("Sentences", "Unexpected error: {error}"),
    QT_TRANSLATE_NOOP("Sentences", "Checked after an interrupted run: {why}."),
    # sync/pause.py: a vendor asked for a long pause (Retry-After beyond the retry cap)
    QT_TRANSLATE_NOOP(
        "Sentences",
        "{system} asked to wait until {time} UTC (Retry-After {seconds} s); the run "
        "stopped and will resume after that.",
    ),
    QT_TRANSLATE_NOOP("Sentences", "{system} asked to wait until {time} UTC; no sync starts before then."),
    QT_TRANSLATE_NOOP("Sentences", "eMarketeer has the record with this write's token"),
    QT_TRANSLATE_NOOP("Sentences", "no eMarketeer record carries this write's token"),
    QT_TRANSLATE_NOOP("Sentences", "the contact no longer exists"),
    # a contact the run could not sync (the conflict view's and the history's error rows): sync/engine.py,
    # domain/email.py, domain/records.py and the connectors' skipped rows
    QT_TRANSLATE_NOOP("Sentences", "writing {system} failed: {message}"),
    QT_TRANSLATE_NOOP("Sentences", "invalid e-mail address {address}"),
    QT_TRANSLATE_NOOP("Sentences", "e-mail address missing"),
    QT_TRANSLATE_NOOP("Sentences", "e-mail address is not text"),
    QT_TRANSLATE_NOOP("Sentences", "e-mail address is empty"),
    QT_TRANSLATE_NOOP("Sentences", "SuperOffice person {id}: {why}"),
    QT_TRANSLATE_NOOP("Sentences", "eMarketeer contact {id}: {why}"),
    QT_TRANSLATE_NOOP("Sentences", "eMarketeer consent: {why}"),
    QT_TRANSLATE_NOOP("Sentences", "an eMarketeer consent record has no key (e-mail); skipped"),
    QT_TRANSLATE_NOOP("Sentences", "eMarketeer consent record for {email} has an unknown purpose {purpose}; skipped"),
    QT_TRANSLATE_NOOP("Sentences", "eMarketeer contact {id} has no e-mail address; skipped"),
    QT_TRANSLATE_NOOP("Sentences", "SuperOffice e-mail row {id} has no person id; skipped"),
    QT_TRANSLATE_NOOP("Sentences", "e-mail row {id} has no readable rank; skipped"),
    QT_TRANSLATE_NOOP("Sentences", "a consent has no purpose key; skipped"),
    QT_TRANSLATE_NOOP("Sentences", "a consent is not an object; skipped"),
    # sync/worker.py
    QT_TRANSLATE_NOOP(
        "Sentences", "The sync stopped because of an unexpected error ({error}); the details are in the log file."
    ),
    QT_TRANSLATE_NOOP("Sentences", "The history database could not be opened ({error})."),
    # sync/lock.py
    QT_TRANSLATE_NOOP(
        "Sentences",
        "Another sync is already running on the data directory {path} (process {pid}); try again when it has finished.",
    ),
    QT_TRANSLATE_NOOP(
        "Sentences", "Another sync is already running on the data directory {path}; try again when it has finished."
    ),
    # ---------------------------------------------------------------- connectors/errors.py
    QT_TRANSLATE_NOOP(
        "Sentences",
        "{system} refused the credentials (HTTP 401); sign in again or check the user name, password or API key.",
    ),
    QT_TRANSLATE_NOOP(
        "Sentences",
        "{system} refused the request (HTTP 403): the user or API key lacks the rights to read or write consents.",
    ),
    QT_TRANSLATE_NOOP("Sentences", "{system} has nothing at this address (HTTP 404): check the address in Settings."),
    QT_TRANSLATE_NOOP("Sentences", "{system} rejected the request (HTTP {status}): {vendor}"),
    QT_TRANSLATE_NOOP("Sentences", "{system} rejected the request (HTTP {status})"),
    QT_TRANSLATE_NOOP("Sentences", "Cancelled by the user."),
    QT_TRANSLATE_NOOP("Sentences", "cancelled by the user"),
    QT_TRANSLATE_NOOP(
        "Sentences",
        "{system} answered that this tenant is served from another host (HTTP 421) and "
        "looking it up again did not help.",
    ),
    # connectors/http.py
    QT_TRANSLATE_NOOP("Sentences", "The {system} API key contains characters that cannot be sent; enter it again."),
    QT_TRANSLATE_NOOP(
        "Sentences", "The {system} sign-in token or password contains characters that cannot be sent; enter it again."
    ),
    QT_TRANSLATE_NOOP(
        "Sentences",
        "{system} may or may not have saved a change ({fault}); it was not sent again, to avoid saving it twice.",
    ),
    QT_TRANSLATE_NOOP("Sentences", "No {system} address is configured."),
    QT_TRANSLATE_NOOP("Sentences", "The {system} address must start with https:// or http://."),
    QT_TRANSLATE_NOOP("Sentences", "The {system} address is not a valid URL."),
    QT_TRANSLATE_NOOP(
        "Sentences", "A request to {system} could not be sent: a setting holds characters that HTTP does not allow."
    ),
    QT_TRANSLATE_NOOP(
        "Sentences",
        "{system} answered with a redirect (HTTP {status}) to {target}; check the {system} address setting.",
    ),
    QT_TRANSLATE_NOOP("Sentences", "{system} answered with HTTP {status}: {vendor}"),
    QT_TRANSLATE_NOOP("Sentences", "{system} answered with HTTP {status}"),
    QT_TRANSLATE_NOOP(
        "Sentences", "Cannot reach {system} at {host}: {reason}. Check the address and the network connection."
    ),
    QT_TRANSLATE_NOOP(
        "Sentences", "{system} did not answer properly after {n} attempts (last: {fault}); try again later."
    ),
    QT_TRANSLATE_NOOP("Sentences", "{system} asked to wait {seconds} s (Retry-After)"),
    QT_TRANSLATE_NOOP("Sentences", "connecting timed out after {seconds} s"),
    QT_TRANSLATE_NOOP("Sentences", "no answer within {seconds} s"),
    QT_TRANSLATE_NOOP("Sentences", "cannot connect: {reason}"),
    QT_TRANSLATE_NOOP("Sentences", "the connection was closed before an answer came"),
    QT_TRANSLATE_NOOP("Sentences", "the proxy refused the connection"),
    QT_TRANSLATE_NOOP("Sentences", "the answer could not be decoded"),
    QT_TRANSLATE_NOOP("Sentences", "network error ({error})"),
    QT_TRANSLATE_NOOP("Sentences", "HTTP {status} with a body that is not valid JSON"),
    QT_TRANSLATE_NOOP("Sentences", "connecting timed out"),
    QT_TRANSLATE_NOOP("Sentences", "the host name could not be found"),
    QT_TRANSLATE_NOOP("Sentences", "the connection was refused"),
    QT_TRANSLATE_NOOP("Sentences", "the network or host is unreachable"),
    QT_TRANSLATE_NOOP("Sentences", "the secure connection could not be set up (certificate or TLS problem)"),
    QT_TRANSLATE_NOOP("Sentences", "the connection failed"),
    # connectors/superoffice.py and connectors/emarketeer.py
    QT_TRANSLATE_NOOP("Sentences", "No {what} is set ({example})."),
    QT_TRANSLATE_NOOP("Sentences", "{what} is not a valid URL ({example})."),
    QT_TRANSLATE_NOOP("Sentences", "{what} must start with https:// and name a host ({example})."),
    QT_TRANSLATE_NOOP("Sentences", "{what} must not contain a user name or password."),
    QT_TRANSLATE_NOOP("Sentences", "{what} must not contain ? or # ({example})."),
    QT_TRANSLATE_NOOP("Sentences", "{what} must end in /api/ ({example})."),
    QT_TRANSLATE_NOOP("Sentences", "SuperOffice address"),
    QT_TRANSLATE_NOOP("Sentences", "eMarketeer address"),
    QT_TRANSLATE_NOOP("Sentences", "eMarketeer consent address"),
    QT_TRANSLATE_NOOP("Sentences", "The SuperOffice address"),
    QT_TRANSLATE_NOOP("Sentences", "The eMarketeer address"),
    QT_TRANSLATE_NOOP("Sentences", "The eMarketeer consent address"),
    QT_TRANSLATE_NOOP("Sentences", "e.g. {example}"),
    QT_TRANSLATE_NOOP("Sentences", "e.g. {example} or {other}"),
    QT_TRANSLATE_NOOP("Sentences", "SuperOffice needs a user name and password (on-site) or a sign-in (Online)."),
    QT_TRANSLATE_NOOP(
        "Sentences",
        "SuperOffice answered that this tenant is served from another host (HTTP 421), and "
        "the address holds no tenant id (CustNNNNN) to look the new host up; check the "
        "SuperOffice address.",
    ),
    QT_TRANSLATE_NOOP(
        "Sentences",
        "SuperOffice Online does not know the tenant {tenant}; check the SuperOffice address "
        "and the environment (online, qaonline or sod).",
    ),
    QT_TRANSLATE_NOOP("Sentences", "SuperOffice reports the tenant {tenant} as {state}, not running; try again later."),
    QT_TRANSLATE_NOOP("Sentences", "The SuperOffice sign-in has expired and could not be renewed; sign in again."),
    QT_TRANSLATE_NOOP(
        "Sentences",
        "The SuperOffice tenant lacks {missing}; legal basis sync needs the built-in purposes "
        "STORE and EMARKETING (active) and the legal base WITHDRAWN.",
    ),
    QT_TRANSLATE_NOOP(
        "Sentences",
        "The SuperOffice consent source {key} chosen as the write source is not in the "
        "tenant's consent sources (it lists {offered}); choose one in Settings or add it in "
        "SuperOffice.",
    ),
    QT_TRANSLATE_NOOP(
        "Sentences",
        "SuperOffice refused access (HTTP 403): the signed-in user lacks the rights to "
        "persons' consents, or the tenant's licence does not allow this application (a custom "
        "application needs the Development Tools licence or the CRM Suite Core plan).",
    ),
    QT_TRANSLATE_NOOP(
        "Sentences",
        "SuperOffice refused access (HTTP 403): the signed-in user lacks the rights to "
        "persons' consents, or the tenant's licence does not allow this application (a custom "
        "application needs the Development Tools licence or the CRM Suite Core plan). "
        "SuperOffice said: {vendor}",
    ),
    # the shape of a whole answer, and a field missing or mistyped (issue 10 point 4): both connectors
    QT_TRANSLATE_NOOP("Sentences", "{system} answered {endpoint} without the field {field} ({what})."),
    QT_TRANSLATE_NOOP("Sentences", "{system} answered {endpoint} in an unexpected shape (not an object)."),
    QT_TRANSLATE_NOOP("Sentences", "{system} answered {endpoint} in an unexpected shape (not a list of {items})."),
    QT_TRANSLATE_NOOP("Sentences", "the list of rows"),
    QT_TRANSLATE_NOOP("Sentences", "the list of items"),
    QT_TRANSLATE_NOOP("Sentences", "the list of consents"),
    QT_TRANSLATE_NOOP("Sentences", "the list of records"),
    QT_TRANSLATE_NOOP("Sentences", "the tenant's address"),
    QT_TRANSLATE_NOOP(
        "Sentences",
        "{system} answered {endpoint} with the field {field} missing or not of the expected "
        "type in at least one record; those records are listed as errors. If this repeats, "
        "send the diagnostics file to support.",
    ),
    QT_TRANSLATE_NOOP(
        "Sentences",
        "{system} answered {endpoint} with the field {field} not an object in at least one "
        "record; those records are listed as errors. If this repeats, send the diagnostics "
        "file to support.",
    ),
    QT_TRANSLATE_NOOP(
        "Sentences", "SuperOffice's archive returned a full page without usable row ids, so the read cannot go on."
    ),
    QT_TRANSLATE_NOOP("Sentences", "No eMarketeer API key is set."),
    QT_TRANSLATE_NOOP("Sentences", "The eMarketeer account lacks {missing}; legal basis sync cannot run without it."),
    QT_TRANSLATE_NOOP(
        "Sentences",
        "The eMarketeer consent source '{name}' chosen as the write source is not among the "
        "account's consent sources ({offered}); choose one in Settings.",
    ),
    QT_TRANSLATE_NOOP(
        "Sentences",
        "eMarketeer refused the API key (HTTP {status}): the key is wrong, missing or revoked; "
        "create a key for this app in eMarketeer under Settings, Plugins and integration, and "
        "enter it again.",
    ),
    QT_TRANSLATE_NOOP(
        "Sentences",
        'eMarketeer has no endpoint {path} at {host} (HTTP 403 "Missing Authentication '
        "Token\"): the eMarketeer address is wrong; leave it empty for eMarketeer's own "
        "hosts.",
    ),
    QT_TRANSLATE_NOOP("Sentences", "eMarketeer refused the request (HTTP 403): {vendor}"),
    QT_TRANSLATE_NOOP("Sentences", "eMarketeer has no contact {email}."),
    QT_TRANSLATE_NOOP("Sentences", "The eMarketeer account has no legal basis {basis}, so it cannot be written."),
    QT_TRANSLATE_NOOP("Sentences", "eMarketeer accepted a consent but its answer did not say when it was saved."),
    QT_TRANSLATE_NOOP("Sentences", "eMarketeer has no contact list {id}."),
    # connectors/superoffice_oauth.py
    QT_TRANSLATE_NOOP("Sentences", "The SuperOffice Online state address is not a valid http:// or https:// address."),
    QT_TRANSLATE_NOOP("Sentences", "SuperOffice's sign-in answered without an access token."),
    QT_TRANSLATE_NOOP(
        "Sentences", "Could not reach SuperOffice to {what} ({error}); check the network connection and try again."
    ),
    QT_TRANSLATE_NOOP("Sentences", "renew the sign-in"),
    QT_TRANSLATE_NOOP("Sentences", "finish the sign-in"),
    QT_TRANSLATE_NOOP("Sentences", "SuperOffice no longer accepts this sign-in; sign in to SuperOffice again."),
    QT_TRANSLATE_NOOP("Sentences", "SuperOffice refused to {what} (HTTP {status}){detail}."),
    QT_TRANSLATE_NOOP("Sentences", "There is no saved SuperOffice sign-in to renew; sign in to SuperOffice again."),
    QT_TRANSLATE_NOOP("Sentences", "Could not look up which SuperOffice server hosts {tenant}; try again."),
    QT_TRANSLATE_NOOP("Sentences", "SuperOffice's state service does not know the tenant {tenant}."),
    QT_TRANSLATE_NOOP("Sentences", "The SuperOffice sign-in was not finished in the browser in time; try again."),
    QT_TRANSLATE_NOOP("Sentences", "The sign-in was declined in the browser, so the app has no access to SuperOffice."),
    QT_TRANSLATE_NOOP("Sentences", "SuperOffice did not complete the sign-in ({error}); try again."),
    QT_TRANSLATE_NOOP("Sentences", "The SuperOffice Online application id is not set; enter it under Advanced first."),
    QT_TRANSLATE_NOOP("Sentences", "Could not listen on {host} for the sign-in's answer ({error})."),
    # ---------------------------------------------------------------- sync/setup_check.py (the window's Check setup)
    QT_TRANSLATE_NOOP(
        "Sentences", "Every setting and secret a run needs is there (secrets come from the keyring or the environment)."
    ),
    QT_TRANSLATE_NOOP("Sentences", "The settings are incomplete."),
    QT_TRANSLATE_NOOP("Sentences", "Signed in to SuperOffice at {host}."),
    QT_TRANSLATE_NOOP("Sentences", "An on-site installation: it answered, so it is running."),
    QT_TRANSLATE_NOOP("Sentences", "SuperOffice Online reports tenant {tenant} as {state}, with the API available."),
    QT_TRANSLATE_NOOP(
        "Sentences",
        "SuperOffice Online reports tenant {tenant} as {state}, not running: runs will stop until it is running again.",
    ),
    QT_TRANSLATE_NOOP("Sentences", "All {n} consent purpose keys the sync uses are there ({keys})."),
    QT_TRANSLATE_NOOP("Sentences", "All {n} legal base keys the sync uses are there ({keys})."),
    QT_TRANSLATE_NOOP(
        "Sentences",
        "The SuperOffice tenant lacks these consent purposes: {missing}; add or reactivate "
        "them in SuperOffice's settings (Lists), keeping the built-in keys.",
    ),
    QT_TRANSLATE_NOOP(
        "Sentences",
        "The SuperOffice tenant lacks these legal bases: {missing}; add or reactivate them in "
        "SuperOffice's settings (Lists), keeping the built-in keys.",
    ),
    QT_TRANSLATE_NOOP("Sentences", "Changes are saved with the consent source {key} ({name})."),
    QT_TRANSLATE_NOOP("Sentences", "Changes are saved with the consent source '{name}'."),
    QT_TRANSLATE_NOOP("Sentences", "eMarketeer at {host} accepted the API key."),
    QT_TRANSLATE_NOOP("Sentences", "All {n} purpose names the sync uses are there."),
    QT_TRANSLATE_NOOP("Sentences", "All {n} legal basis names the sync uses are there."),
    QT_TRANSLATE_NOOP(
        "Sentences",
        "The eMarketeer account lacks these purposes: {missing}; legal basis sync maps them by "
        "name, so ask eMarketeer's support to add them.",
    ),
    QT_TRANSLATE_NOOP(
        "Sentences",
        "The eMarketeer account lacks these legal bases: {missing}; legal basis sync maps them "
        "by name, so ask eMarketeer's support to add them.",
    ),
    QT_TRANSLATE_NOOP(
        "Sentences",
        "{system} answered {endpoint} without the field {field} (a list): the sync cannot read "
        "it; send the diagnostics file to support.",
    ),
    QT_TRANSLATE_NOOP(
        "Sentences", "{system} answered {endpoint} in the expected shape, with no rows yet to check field by field."
    ),
    QT_TRANSLATE_NOOP(
        "Sentences",
        "{system} answered {endpoint} differently from what the sync expects: {problems}; send "
        "the diagnostics file to support.",
    ),
    QT_TRANSLATE_NOOP("Sentences", "{n} row of {endpoint} read, all {total} fields as expected."),
    QT_TRANSLATE_NOOP("Sentences", "{n} rows of {endpoint} read, all {total} fields as expected."),
    QT_TRANSLATE_NOOP(
        "Sentences",
        "{system} answered without a Date header, so its clock cannot be compared with this "
        "machine's; runs then rely on the change times alone.",
    ),
    QT_TRANSLATE_NOOP(
        "Sentences",
        "{system}'s clock is {seconds} s ahead of this machine's, more than the clock-skew "
        "window ({window} s): set this machine's clock right (automatic time), or tell the "
        "service's support.",
    ),
    QT_TRANSLATE_NOOP(
        "Sentences",
        "{system}'s clock is {seconds} s behind this machine's, more than the clock-skew "
        "window ({window} s): set this machine's clock right (automatic time), or tell the "
        "service's support.",
    ),
    QT_TRANSLATE_NOOP(
        "Sentences", "{system}'s clock is within {seconds} s of this machine's (clock-skew window {window} s)."
    ),
    QT_TRANSLATE_NOOP(
        "Sentences",
        "SuperOffice's and eMarketeer's clocks are {seconds} s apart, more than half the "
        "clock-skew window ({window} s): changes on both sides close together may be decided "
        "the wrong way; tell the services' support, or widen the clock-skew window in "
        "Settings.",
    ),
    QT_TRANSLATE_NOOP(
        "Sentences",
        "SuperOffice's and eMarketeer's clocks are {seconds} s apart, well within the clock-skew window ({window} s).",
    ),
    QT_TRANSLATE_NOOP("Sentences", "Not checked, because a service's clock could not be read."),
    QT_TRANSLATE_NOOP("Sentences", "Not checked, because {why}."),
    QT_TRANSLATE_NOOP("Sentences", "the SuperOffice settings cannot be used"),
    QT_TRANSLATE_NOOP("Sentences", "the eMarketeer settings cannot be used"),
    QT_TRANSLATE_NOOP("Sentences", "SuperOffice could not be read"),
    QT_TRANSLATE_NOOP("Sentences", "eMarketeer could not be read"),
    QT_TRANSLATE_NOOP("Sentences", "SuperOffice could not be reached"),
    QT_TRANSLATE_NOOP("Sentences", "eMarketeer could not be reached"),
    QT_TRANSLATE_NOOP(
        "Sentences",
        "The secure connection to {system} could not be verified (certificate or TLS "
        "problem): check the address, the machine's date and any proxy that intercepts "
        "HTTPS.",
    ),
    QT_TRANSLATE_NOOP(
        "Sentences",
        "The {system} address {host} uses http://, so the traffic (consents and credentials) "
        "is not encrypted: use its https:// address.",
    ),
    QT_TRANSLATE_NOOP("Sentences", "{system} is on this machine (loopback), where no TLS is needed."),
    QT_TRANSLATE_NOOP("Sentences", "HTTPS with a verified certificate ({hosts})."),
    # ---------------------------------------------------------------- secrets.py
    QT_TRANSLATE_NOOP(
        "Sentences",
        "The system keyring could not be set up ({error}); secrets are never stored in a file, "
        "so fix the keyring or pass them in the environment.",
    ),
    QT_TRANSLATE_NOOP(
        "Sentences",
        "No usable system keyring was found (keyring backend: {backend}); secrets are never "
        "stored in a file, so install and unlock one (GNOME Keyring, KWallet, the Windows "
        "Credential Locker or the macOS Keychain) or pass them in the environment ({names}).",
    ),
    QT_TRANSLATE_NOOP(
        "Sentences", "The system keyring is locked, so {what} could not be read; unlock it and try again."
    ),
    QT_TRANSLATE_NOOP(
        "Sentences", "The system keyring is locked, so {what} could not be stored; unlock it and try again."
    ),
    QT_TRANSLATE_NOOP(
        "Sentences", "The system keyring is locked, so {what} could not be deleted; unlock it and try again."
    ),
    QT_TRANSLATE_NOOP("Sentences", "The system keyring refused to read {what} ({error})."),
    QT_TRANSLATE_NOOP("Sentences", "The system keyring refused to store {what} ({error})."),
    QT_TRANSLATE_NOOP("Sentences", "The system keyring refused to delete {what} ({error})."),
    QT_TRANSLATE_NOOP("Sentences", "the SuperOffice password"),
    QT_TRANSLATE_NOOP("Sentences", "the SuperOffice Online access token"),
    QT_TRANSLATE_NOOP("Sentences", "the SuperOffice Online refresh token"),
    QT_TRANSLATE_NOOP("Sentences", "the eMarketeer API key"),
    # ---------------------------------------------------------------- store/
    QT_TRANSLATE_NOOP("Sentences", "The history database at {path} was already closed."),
    QT_TRANSLATE_NOOP("Sentences", "The history database at {path} could not be used: {error}."),
    QT_TRANSLATE_NOOP("Sentences", "The history database at {path} could not be opened: {error}."),
    QT_TRANSLATE_NOOP("Sentences", "The history database at {path} could not be read: {error}."),
    QT_TRANSLATE_NOOP("Sentences", "The history database at {path} is damaged and could not be moved aside: {error}."),
    QT_TRANSLATE_NOOP("Sentences", "The data directory {path} could not be created: {error}."),
    QT_TRANSLATE_NOOP(
        "Sentences",
        "The history database at {path} was written by a newer version of Legal Basis Sync "
        "(schema {found}; this version knows up to {known}). Update the app or point it at "
        "another data directory.",
    ),
    QT_TRANSLATE_NOOP(
        "Sentences",
        "The history database at {path} needs an upgrade, but a backup could not be written "
        "first ({error}); nothing was changed.",
    ),
    # ---------------------------------------------------------------- sending/service.py
    QT_TRANSLATE_NOOP(
        "Sentences",
        "A sync is running on the data directory {path} (process {pid}); try again when it has "
        "finished. Nothing was sent.",
    ),
    QT_TRANSLATE_NOOP(
        "Sentences", "A sync is running on the data directory {path}; try again when it has finished. Nothing was sent."
    ),
    QT_TRANSLATE_NOOP("Sentences", "The send-time sync (run {run}) did not finish: {why}; nothing was sent."),
    QT_TRANSLATE_NOOP("Sentences", "The send-time sync (run {run}) did not finish: {why}; nothing more was sent."),
    QT_TRANSLATE_NOOP("Sentences", "The sync (run {run}) did not finish: {why}."),
    QT_TRANSLATE_NOOP("Sentences", "it stopped"),
    QT_TRANSLATE_NOOP(
        "Sentences",
        "The Checklist was made more than {minutes} minutes ago; check the recipients again "
        "before launching. Nothing was sent.",
    ),
    QT_TRANSLATE_NOOP("Sentences", "There is no send {send}."),
    QT_TRANSLATE_NOOP("Sentences", "Send {send} is {state}; nothing was sent."),
    QT_TRANSLATE_NOOP("Sentences", "Send {send} is {state}; there is nothing to resume."),
    QT_TRANSLATE_NOOP("Sentences", "Send {send} is {state}, so it can no longer be cancelled."),
    QT_TRANSLATE_NOOP("Sentences", "Send {send} is {state}, not waiting to be sent."),
    QT_TRANSLATE_NOOP("Sentences", "Send {send} has nothing left to send."),
    QT_TRANSLATE_NOOP("Sentences", "Send {send} is being sent by another window or process; nothing more was sent."),
    QT_TRANSLATE_NOOP("Sentences", "scheduled"),
    QT_TRANSLATE_NOOP("Sentences", "checked"),
    QT_TRANSLATE_NOOP("Sentences", "sending"),
    QT_TRANSLATE_NOOP("Sentences", "sent"),
    QT_TRANSLATE_NOOP("Sentences", "partly sent"),
    QT_TRANSLATE_NOOP("Sentences", "failed"),
    QT_TRANSLATE_NOOP("Sentences", "cancelled"),
    QT_TRANSLATE_NOOP(
        "Sentences",
        "Nobody on the list may receive this send: all {n} recipients were excluded (see the "
        "Checklist); nothing was sent.",
    ),
    QT_TRANSLATE_NOOP("Sentences", "The recipient list is empty; nothing was sent."),
    QT_TRANSLATE_NOOP("Sentences", "{address} is not a valid e-mail address; nothing was sent."),
    QT_TRANSLATE_NOOP(
        "Sentences", "None of the {n} recipients is a valid e-mail address (for example {address}); nothing was sent."
    ),
    QT_TRANSLATE_NOOP(
        "Sentences", "The time of a scheduled send needs a time zone (for example 2026-06-01T09:00+02:00)."
    ),
    QT_TRANSLATE_NOOP("Sentences", "{time} is not in the future; choose a later time, or send now."),
    QT_TRANSLATE_NOOP("Sentences", "Sending batch {k} of {total} ({n} recipients)"),
    QT_TRANSLATE_NOOP("Sentences", "Send finished"),
    QT_TRANSLATE_NOOP("Sentences", "Send stopped"),
    QT_TRANSLATE_NOOP(
        "Sentences",
        "eMarketeer's answer was lost: this batch may or may not have been sent, so it is not sent again automatically",
    ),
    QT_TRANSLATE_NOOP("Sentences", "eMarketeer's answer to batch {k} was lost"),
    QT_TRANSLATE_NOOP(
        "Sentences",
        "eMarketeer's answer to batch {k} of {total} was lost, so its {n} recipients may or may "
        "not have been sent to: they are recorded as unknown and are not sent again "
        "automatically",
    ),
    QT_TRANSLATE_NOOP("Sentences", "eMarketeer rejected e-mail component {component}: {vendor}"),
    QT_TRANSLATE_NOOP("Sentences", "eMarketeer rejected SMS component {component}: {vendor}"),
    QT_TRANSLATE_NOOP("Sentences", "eMarketeer's answer did not mention this recipient"),
    QT_TRANSLATE_NOOP("Sentences", "Not sent: the send stopped before this batch ({stop})."),
    QT_TRANSLATE_NOOP("Sentences", "{stop}. Nothing was sent."),
    QT_TRANSLATE_NOOP(
        "Sentences",
        "{stop}. Nothing was sent; resume send {send} later to send it after a fresh check "
        "(legalbasis-sync send --resume {send}).",
    ),
    QT_TRANSLATE_NOOP(
        "Sentences", "{stop}. Sent to {accepted} (rejected {rejected}, unknown {unknown}); {not_sent} not sent."
    ),
    QT_TRANSLATE_NOOP(
        "Sentences",
        "{stop}. Sent to {accepted} (rejected {rejected}, unknown {unknown}); {not_sent} not "
        "sent; resume send {send} to send them after a fresh check (legalbasis-sync send "
        "--resume {send}).",
    ),
)

# What each placeholder may hold, and how it is shown.
_COUNTS = frozenset({"n", "done", "total", "k", "accepted", "rejected", "unknown", "not_sent", "minutes"})
_CODES = frozenset({"status", "run", "send", "component", "found", "known", "pid", "id"})
_INNER = frozenset({"message", "why", "reason", "fault", "stop", "what", "state", "example"})
_SHAPES = {"system": r"SuperOffice Online|SuperOffice|eMarketeer|The service", "seconds": r"\d+(?:\.\d+)?"}
_PLACEHOLDER = re.compile(r"\{(\w+)\}")


@lru_cache(maxsize=1)
def _patterns() -> tuple[tuple[str, str, re.Pattern[str]], ...]:
    """Each template as (its longest literal piece, the template, a regular expression), the most specific (most
    literal text, not ending in a placeholder) first; the piece is a quick test before the expression (the conflict view asks for many texts)."""
    compiled = []
    for template in _TEMPLATES:
        parts, seen, literal = [], set(), 0
        pieces = _PLACEHOLDER.split(template)
        for i, piece in enumerate(pieces):
            if i % 2 == 0:
                parts.append(re.escape(piece))
                literal += len(piece)
            elif piece in seen:
                parts.append(f"(?P={piece})")
            else:
                seen.add(piece)
                shape = r"\d+" if piece in _COUNTS or piece in _CODES else _SHAPES.get(piece, r".+?")
                parts.append(f"(?P<{piece}>{shape})")
        longest = max(pieces[::2], key=len)
        # A template ending in a placeholder ("...: {vendor}") would swallow a longer sentence that merely starts
        # like it ("eMarketeer rejected ...: why. Nothing was sent."): those are tried after the others.
        open_ended = template.endswith("}")
        compiled.append(((open_ended, -literal), longest, template, re.compile("".join(parts), re.DOTALL)))
    compiled.sort(key=lambda item: item[0])
    return tuple((longest, template, pattern) for _, longest, template, pattern in compiled)


def said(text: str, explain: Callable[[str], str]) -> str:
    """`text` (an English sentence made by the engine, a connector, the keyring, the store or sending) in the window's
    language; unchanged in English, when no window language is installed, or when no template matches. `explain`
    says a sentence held inside another (domain.messages' wording of a plain text, which calls this in turn)."""
    if not text or i18n.current_language() == i18n.LANGUAGE_ENGLISH:
        return text
    return _said(i18n.generation(), text, explain)


@lru_cache(maxsize=4096)
def _said(_generation: int, text: str, explain: Callable[[str], str]) -> str:
    for longest, template, pattern in _patterns():
        if longest not in text:
            continue
        m = pattern.fullmatch(text)
        if m is not None:
            args = {name: _argument(name, value, explain) for name, value in m.groupdict().items()}
            try:
                return translate("Sentences", template).format(**args)
            except (KeyError, IndexError, ValueError):  # a translation with a broken placeholder: say it in English
                return text
    return text


def _argument(name: str, value: str, explain: Callable[[str], str]) -> str:
    if name in _COUNTS:
        return i18n.number(int(value))
    if name == "system" and value == "The service":
        return translate("Sentences", "The service")
    if name in _INNER:
        return _inner(value, explain)
    if name == "seconds":
        return i18n.decimal(float(value), 0) if float(value).is_integer() else i18n.decimal(float(value), 1)
    return value


def _inner(value: str, explain: Callable[[str], str]) -> str:
    """A sentence or phrase inside another: tried as it is, then as a sentence (capitalised, with a full stop)."""
    shown = explain(value)
    if shown != value:
        return shown
    upper = value[:1].upper() + value[1:]
    lower = value[:1].lower() + value[1:]
    for candidate in dict.fromkeys((value + ".", upper, upper + ".", lower, lower + ".")):
        shown = explain(candidate)
        if shown != candidate:
            if candidate.endswith(".") and not value.endswith(".") and shown.endswith("."):
                shown = shown[:-1]  # the full stop was only added to find it
            if shown[1:2].islower() and not shown.startswith(("SuperOffice", "eMarketeer")):  # a word, not a name
                shown = (shown[:1].lower() if value[:1].islower() else shown[:1].upper()) + shown[1:]
            return shown
    return value


def templates() -> tuple[str, ...]:
    """Every English template (for tests)."""
    return _TEMPLATES


# "The service" stands for a connector error without a system; marked here so lupdate finds it.
_SERVICE = QT_TRANSLATE_NOOP("Sentences", "The service")

__all__ = ["said", "templates"]
