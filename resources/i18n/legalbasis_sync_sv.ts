<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="sv_SE">
<context>
    <name>AboutDialog</name>
    <message>
        <location filename="../../desktop_app/ui/shell/about.py" line="+278"/>
        <source>About Legal Basis Sync</source>
        <translation>Om Legal Basis Sync</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Legal Basis Sync</source>
        <translation>Legal Basis Sync</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Version {version}</source>
        <translation>Version {version}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Keeps the GDPR legal basis of every contact in step between SuperOffice CRM and eMarketeer.</source>
        <translation>Håller den rättsliga grunden enligt GDPR för varje kontakt i takt mellan SuperOffice CRM och eMarketeer.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Data directory (a throw-away one for this demo)</source>
        <translation>Datamapp (en tillfällig för den här demon)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Data directory (database, settings, logs)</source>
        <translation>Datamapp (databas, inställningar, loggar)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Data directory</source>
        <translation>Datamapp</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Open folder</source>
        <translation>&amp;Öppna mappen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show the data directory in the file manager</source>
        <translation>Visa datamappen i filhanteraren</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>&amp;Copy diagnostics</source>
        <translation>&amp;Kopiera diagnostik</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Put versions, settings (never passwords, tokens or keys) and the last errors on the clipboard, to send to your support contact</source>
        <translation>Lägg versioner, inställningar (aldrig lösenord, tokens eller nycklar) och de senaste felen i urklipp, för att skicka till din supportkontakt</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;Save diagnostics…</source>
        <translation>&amp;Spara diagnostik…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Write a zip for support: versions, settings (never passwords, tokens or keys), the last runs, the setup check and one answer of every endpoint the app reads, with addresses and names replaced</source>
        <translation>Skriv en zip-fil till supporten: versioner, inställningar (aldrig lösenord, tokens eller nycklar), de senaste körningarna, kontrollen av inställningarna och ett svar från varje slutpunkt programmet läser, med adresser och namn utbytta</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>The data directory does not exist yet.</source>
        <translation>Datamappen finns inte än.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No file manager could be opened; copy the path above instead.</source>
        <translation>Ingen filhanterare kunde öppnas; kopiera sökvägen ovan i stället.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The diagnostics could not be gathered; the log file has the details.</source>
        <translation>Diagnostiken kunde inte samlas in; loggfilen har detaljerna.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Diagnostics copied to the clipboard (no passwords, tokens or keys).</source>
        <translation>Diagnostiken kopierades till urklipp (inga lösenord, tokens eller nycklar).</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Checking the setup and writing {path}…</source>
        <translation>Kontrollerar inställningarna och skriver {path}…</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Diagnostics saved to {path} (no passwords, tokens or keys; addresses and names replaced).</source>
        <translation>Diagnostiken sparades i {path} (inga lösenord, tokens eller nycklar; adresser och namn utbytta).</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The diagnostics could not be saved ({error}); the log file has the details.</source>
        <translation>Diagnostiken kunde inte sparas ({error}); loggfilen har detaljerna.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Save diagnostics</source>
        <translation>Spara diagnostik</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Zip files (*.zip)</source>
        <translation>Zip-filer (*.zip)</translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <location filename="../../desktop_app/ui/shell/app.py" line="+161"/>
        <source>The demo could not start its simulators: {reason}.</source>
        <translation>Demoläget kunde inte starta sina simulatorer: {reason}.</translation>
    </message>
</context>
<context>
    <name>Checklist</name>
    <message>
        <location filename="../../desktop_app/domain/messages.py" line="+479"/>
        <source>Already in the list above; sent to once.</source>
        <translation>Finns redan högre upp i listan; får utskicket en gång.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The send-time sync read nothing for this address.</source>
        <translation>Synken vid utskicket läste inget för den här adressen.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Marketing sendouts withdrawn in both systems.</source>
        <translation>Marknadsutskick återkallat i båda systemen.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Marketing sendouts withdrawn in SuperOffice.</source>
        <translation>Marknadsutskick återkallat i SuperOffice.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Marketing sendouts withdrawn in eMarketeer.</source>
        <translation>Marknadsutskick återkallat i eMarketeer.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The sync would reverse a withdrawal of Marketing sendouts and holds it until a person reviews it (R24); not sent to until then.</source>
        <translation>Synken skulle upphäva ett återkallande för Marknadsutskick och håller det tills en person har granskat det (R24); inget skickas till mottagaren innan dess.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The sync decided to change Marketing sendouts but the change was not confirmed, so the two systems may disagree.</source>
        <translation>Synken beslutade att ändra Marknadsutskick men ändringen bekräftades inte, så systemen kan vara oense.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Neither eMarketeer nor SuperOffice has a contact with this address.</source>
        <translation>Varken eMarketeer eller SuperOffice har en kontakt med den här adressen.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>eMarketeer has no contact with this address (only SuperOffice has).</source>
        <translation>eMarketeer har ingen kontakt med den här adressen (bara SuperOffice har).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No legal basis for Marketing sendouts in eMarketeer, and the account requires one before sending.</source>
        <translation>Ingen rättslig grund för Marknadsutskick i eMarketeer, och kontot kräver en innan utskick.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No legal basis for Marketing sendouts in either system, and the account requires one before sending.</source>
        <translation>Ingen rättslig grund för Marknadsutskick i något av systemen, och kontot kräver en innan utskick.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No legal basis for Marketing sendouts, but nothing withdrawn; the account allows sending.</source>
        <translation>Ingen rättslig grund för Marknadsutskick, men inget återkallat; kontot tillåter utskick.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Marketing sendouts: {basis} (only in eMarketeer; SuperOffice has no person with this address).</source>
        <translation>Marknadsutskick: {basis} (bara i eMarketeer; SuperOffice har ingen person med den här adressen).</translation>
    </message>
    <message>
        <location line="-1"/>
        <source>Marketing sendouts: {basis}.</source>
        <translation>Marknadsutskick: {basis}.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Invalid e-mail address {address}.</source>
        <translation>Ogiltig e-postadress {address}.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The sync could not check this address: {reasons}.</source>
        <translation>Synken kunde inte kontrollera den här adressen: {reasons}.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{purpose}: {why}.</source>
        <translation>{purpose}: {why}.</translation>
    </message>
</context>
<context>
    <name>ChecklistModel</name>
    <message>
        <location filename="../../desktop_app/ui/send/checklist_model.py" line="+24"/>
        <source>Recipient</source>
        <translation>Mottagare</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Result</source>
        <translation>Resultat</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Why</source>
        <translation>Varför</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Sync changed</source>
        <translation>Synken ändrade</translation>
    </message>
</context>
<context>
    <name>ConflictTableModel</name>
    <message>
        <location filename="../../desktop_app/ui/conflicts/model.py" line="+56"/>
        <source>Address</source>
        <translation>Adress</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Purpose</source>
        <translation>Ändamål</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>SuperOffice</source>
        <translation>SuperOffice</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>SuperOffice
changed</source>
        <translation>SuperOffice
ändrad</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Person</source>
        <translation>Person</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>eMarketeer</source>
        <translation>eMarketeer</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>eMarketeer
changed</source>
        <translation>eMarketeer
ändrad</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Last agreed</source>
        <translation>Senast överens</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Agreed
since</source>
        <translation>Överens
sedan</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Decision</source>
        <translation>Beslut</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Winner</source>
        <translation>Vinnare</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rule</source>
        <translation>Regel</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Why</source>
        <translation>Varför</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>SuperOffice&apos;s legal basis; bold when it wins (— : no person with this address)</source>
        <translation>SuperOffice rättsliga grund; i fetstil när den vinner (— : ingen person med den här adressen)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>eMarketeer&apos;s legal basis; bold when it wins (— : no contact with this address)</source>
        <translation>eMarketeers rättsliga grund; i fetstil när den vinner (— : ingen kontakt med den här adressen)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>What a sync does with this contact and purpose</source>
        <translation>Vad en synk gör med den här kontakten och ändamålet</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The SuperOffice person used; with duplicates, the oldest one (R9)</source>
        <translation>SuperOffice-personen som används; vid dubbletter den äldsta (R9)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The value both systems last agreed on (R13)</source>
        <translation>Värdet som båda systemen senast var överens om (R13)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>When both systems last agreed (the later of their change times then)</source>
        <translation>När båda systemen senast var överens (den senare av deras ändringstider då)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The system whose value wins</source>
        <translation>Systemet vars värde vinner</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The rule from the specification that decided (R5, R9, R11, R12, R13, R17, R22, R24)</source>
        <translation>Regeln i specifikationen som avgjorde (R5, R9, R11, R12, R13, R17, R22, R24)</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>{id} (oldest of {n})</source>
        <translation>{id} (äldst av {n})</translation>
    </message>
    <message>
        <location line="+336"/>
        <source>{n} SuperOffice persons have this address; the oldest is used (R9):</source>
        <translation>{n} SuperOffice-personer har den här adressen; den äldsta används (R9):</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>creation time unknown</source>
        <translation>skapad okänt när</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>  ← used</source>
        <translation>  ← används</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>  person {id} (created {when}): {basis}</source>
        <translation>  person {id} (skapad {when}): {basis}</translation>
    </message>
</context>
<context>
    <name>ConflictView</name>
    <message>
        <location filename="../../desktop_app/ui/conflicts/view.py" line="+66"/>
        <source>Press Preview to see, contact by contact, what a sync would change. Nothing is written.</source>
        <translation>Tryck på Förhandsgranska för att se, kontakt för kontakt, vad en synk skulle ändra. Inget skrivs.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No rows match the filters.</source>
        <translation>Inga rader matchar filtren.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Search address…</source>
        <translation>Sök adress…</translation>
    </message>
    <message>
        <location line="+67"/>
        <location line="+202"/>
        <source>Preview</source>
        <translation>Förhandsgranska</translation>
    </message>
    <message>
        <location line="-200"/>
        <source>Read both systems and show what a sync would do (a dry run: nothing is written)</source>
        <translation>Läs båda systemen och visa vad en synk skulle göra (en testkörning: inget skrivs)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Disagreements</source>
        <translation>Skillnader</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Only rows where the two systems hold different values</source>
        <translation>Bara rader där systemen har olika värden</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Duplicates</source>
        <translation>Dubbletter</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Only addresses shared by several SuperOffice persons (R9)</source>
        <translation>Bara adresser som flera SuperOffice-personer delar (R9)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Errors</source>
        <translation>Fel</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Only rows that could not be synced, with the reason (R17)</source>
        <translation>Bara rader som inte kunde synkas, med orsaken (R17)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Conflicts</source>
        <translation>Konflikter</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Only near-simultaneous changes decided by the more restrictive value (R13)</source>
        <translation>Bara nästan samtidiga ändringar, avgjorda av det mer restriktiva värdet (R13)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Held</source>
        <translation>Pausade</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Only decisions held for a person: they would reverse a withdrawal (R24)</source>
        <translation>Bara beslut som väntar på en person: de skulle upphäva ett återkallande (R24)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>. Several toggles narrow together.</source>
        <translation>. Flera filter begränsar tillsammans.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>All purposes</source>
        <translation>Alla ändamål</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Show one purpose or both</source>
        <translation>Visa ett ändamål eller båda</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Purpose filter</source>
        <translation>Ändamålsfilter</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Show only addresses containing this text (Ctrl+F)</source>
        <translation>Visa bara adresser som innehåller den här texten (Ctrl+F)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Search address</source>
        <translation>Sök adress</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Sync selected</source>
        <translation>Synka markerade</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Run a sync now for the selected addresses only</source>
        <translation>Kör en synk nu för bara de markerade adresserna</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Show only:</source>
        <translation>Visa bara:</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Approve</source>
        <translation>Godkänn</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Write the positive basis over the withdrawal at the next sync, as long as neither system changes it first (R24)</source>
        <translation>Skriv den positiva grunden över återkallandet vid nästa synk, så länge inget av systemen ändrar det först (R24)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Keep withdrawn</source>
        <translation>Behåll återkallad</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Keep the withdrawal: the next sync writes Withdrawn to the system that holds the positive basis (R24)</source>
        <translation>Behåll återkallandet: nästa synk skriver Återkallad till systemet som har den positiva grunden (R24)</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Contacts that keep being changed back</source>
        <translation>Kontakter som hela tiden ändras tillbaka</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Pick a contact to show its rows in the table</source>
        <translation>Välj en kontakt för att visa dess rader i tabellen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Allow writing again</source>
        <translation>Tillåt skrivning igen</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The cause is fixed: let the next sync write the selected contacts again (all of them when none is selected). Until then the app does not write them (R25)</source>
        <translation>Orsaken är åtgärdad: låt nästa synk skriva de markerade kontakterna igen (alla, om ingen är markerad). Tills dess skriver appen inte till dem (R25)</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Apply these changes</source>
        <translation>Genomför ändringarna</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Write exactly these changes now; each target is read again first and a contact that changed meanwhile is decided again (R14)</source>
        <translation>Skriv exakt de här ändringarna nu; varje mål läses först om och en kontakt som ändrats under tiden avgörs på nytt (R14)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Discard</source>
        <translation>Kasta</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Write none of them; the next sync plans afresh</source>
        <translation>Skriv ingen av dem; nästa synk planerar på nytt</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Contacts and decisions</source>
        <translation>Kontakter och beslut</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>One row per contact and purpose: both systems&apos; values and change times, the decision, the rule and why</source>
        <translation>En rad per kontakt och ändamål: båda systemens värden och ändringstider, beslutet, regeln och varför</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Selected row in full</source>
        <translation>Markerad rad i sin helhet</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+198"/>
        <source>Select a row to see it in full.</source>
        <translation>Markera en rad för att se den i sin helhet.</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/conflicts/presenter.py" line="+205"/>
        <source>The run kept no details to show.</source>
        <translation>Körningen sparade inga detaljer att visa.</translation>
    </message>
    <message>
        <location line="-111"/>
        <source>{n} decision is held: it would reverse a withdrawal. Select it and answer; the next sync carries the answer out (R24).</source>
        <translation>{n} beslut väntar: det skulle upphäva ett återkallande. Markera det och svara; nästa synk genomför svaret (R24).</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{n} decisions are held: they would reverse a withdrawal. Select them and answer; the next sync carries the answers out (R24).</source>
        <translation>{n} beslut väntar: de skulle upphäva återkallanden. Markera dem och svara; nästa synk genomför svaren (R24).</translation>
    </message>
    <message>
        <location line="+171"/>
        <source>This sync was held by the mass-change brake: it would change {n} legal basis. Nothing has been written.</source>
        <translation>Synken hölls kvar av massändringsbromsen: den skulle ändra {n} rättslig grund. Inget har skrivits.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>This sync was held by the mass-change brake: it would change {n} legal bases. Nothing has been written.</source>
        <translation>Synken hölls kvar av massändringsbromsen: den skulle ändra {n} rättsliga grunder. Inget har skrivits.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The changes the held sync would write, as it planned them (R23).</source>
        <translation>Ändringarna som den kvarhållna synken skulle skriva, som den planerade dem (R23).</translation>
    </message>
    <message>
        <location line="-157"/>
        <source>{email} — {purpose}: written {n} times in 24 hours ({seen}) and changed back each time</source>
        <translation>{email} — {purpose}: skriven {n} gånger på 24 timmar ({seen}) och ändrad tillbaka varje gång</translation>
    </message>
    <message>
        <location line="-15"/>
        <source>Out of date: a sync at {time} wrote {n} change after this preview.</source>
        <translation>Inaktuell: en synk kl. {time} skrev {n} ändring efter den här förhandsgranskningen.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Out of date: a sync at {time} wrote {n} changes after this preview.</source>
        <translation>Inaktuell: en synk kl. {time} skrev {n} ändringar efter den här förhandsgranskningen.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Out of date: a sync wrote {n} change after this preview.</source>
        <translation>Inaktuell: en synk skrev {n} ändring efter den här förhandsgranskningen.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Out of date: a sync wrote {n} changes after this preview.</source>
        <translation>Inaktuell: en synk skrev {n} ändringar efter den här förhandsgranskningen.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Press Preview to see both systems as they are now.</source>
        <translation>Tryck på Förhandsgranska för att se båda systemen som de är nu.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>{n} contact keeps being changed back: another sync or an import may be running on the same systems. It is not written until you allow writing again (R25).</source>
        <translation>{n} kontakt ändras hela tiden tillbaka: en annan synk eller en import kan köras mot samma system. Den skrivs inte förrän du tillåter skrivning igen (R25).</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{n} contacts keep being changed back: another sync or an import may be running on the same systems. They are not written until you allow writing again (R25).</source>
        <translation>{n} kontakter ändras hela tiden tillbaka: en annan synk eller en import kan köras mot samma system. De skrivs inte förrän du tillåter skrivning igen (R25).</translation>
    </message>
    <message>
        <location line="+189"/>
        <source>{shown} of {total} rows</source>
        <translation>{shown} av {total} rader</translation>
    </message>
    <message>
        <location line="-303"/>
        <source>Left alone (R11): {so} only in SuperOffice, {em} only in eMarketeer. They are synced once the address exists in both systems.</source>
        <translation>Lämnas orörda (R11): {so} bara i SuperOffice, {em} bara i eMarketeer. De synkas när adressen finns i båda systemen.</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Sync of {when}: </source>
        <translation>Synk {when}: </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Sync: </source>
        <translation>Synk: </translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Preview of {when}: </source>
        <translation>Förhandsgranskning {when}: </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Preview: </source>
        <translation>Förhandsgranskning: </translation>
    </message>
    <message>
        <location line="+8"/>
        <source>{n} change written</source>
        <translation>{n} ändring skriven</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{n} changes written</source>
        <translation>{n} ändringar skrivna</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{n} change to write</source>
        <translation>{n} ändring att skriva</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{n} changes to write</source>
        <translation>{n} ändringar att skriva</translation>
    </message>
    <message>
        <location line="+3"/>
        <source> ({so} to SuperOffice, {em} to eMarketeer)</source>
        <translation> ({so} till SuperOffice, {em} till eMarketeer)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{n} conflict</source>
        <translation>{n} konflikt</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>{n} conflicts</source>
        <translation>{n} konflikter</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{n} error</source>
        <translation>{n} fel</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>{n} errors</source>
        <translation>{n} fel</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{n} in step</source>
        <translation>{n} överens</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{n} contact in one system only (left alone)</source>
        <translation>{n} kontakt bara i ett system (lämnas orörd)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{n} contacts in one system only (left alone)</source>
        <translation>{n} kontakter bara i ett system (lämnas orörda)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>. Nothing was written.</source>
        <translation>. Inget skrevs.</translation>
    </message>
</context>
<context>
    <name>ConnectionCheck</name>
    <message>
        <location filename="../../desktop_app/ui/settings/connection_check.py" line="+66"/>
        <source>Connected to SuperOffice at {host}: {bases} legal bases and {purposes} consent purposes, including the ones the sync needs.</source>
        <translation>Ansluten till SuperOffice på {host}: {bases} rättsliga grunder och {purposes} samtyckesändamål, bland dem de som synken behöver.</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Connected to eMarketeer at {host}: {purposes} purposes and {bases} legal bases, including the ones the sync needs.</source>
        <translation>Ansluten till eMarketeer på {host}: {purposes} ändamål och {bases} rättsliga grunder, bland dem de som synken behöver.</translation>
    </message>
</context>
<context>
    <name>DemoBanner</name>
    <message>
        <location filename="../../desktop_app/ui/shell/demo_banner.py" line="+32"/>
        <source>Demo mode: built-in simulators with sample data; nothing real is touched.</source>
        <translation>Demoläge: inbyggda simulatorer med exempeldata; inget riktigt rörs.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source> No account is set up yet, so the demo opened instead.</source>
        <translation> Inget konto är konfigurerat än, så demon öppnades i stället.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Simulate a botched import</source>
        <translation>Simulera en misslyckad import</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Set every demo contact&apos;s legal bases to Withdrawn in SuperOffice, as a bad import would; the next sync is held by the mass-change brake instead of copying it to eMarketeer</source>
        <translation>Sätt alla demokontakters rättsliga grunder till Återkallad i SuperOffice, som en felaktig import skulle göra; nästa synk hålls kvar av massändringsbromsen i stället för att kopiera det till eMarketeer</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Set up my account…</source>
        <translation>Konfigurera mitt konto…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Leave the demo and open the settings for your own SuperOffice and eMarketeer</source>
        <translation>Lämna demon och öppna inställningarna för ditt eget SuperOffice och eMarketeer</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Demo mode: a botched import just set all {n} legal bases in SuperOffice to Withdrawn. Press Sync now: the sync would copy those that differ to eMarketeer, and the mass-change brake holds it.</source>
        <translation>Demoläge: en misslyckad import satte just alla {n} rättsliga grunder i SuperOffice till Återkallad. Tryck på Synka nu: synken skulle kopiera dem som skiljer sig till eMarketeer, och massändringsbromsen håller kvar den.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Demo mode: the mass-change brake held the sync. It would change {n} legal bases in eMarketeer, not all {imported} that the import set: the others needed no change there (Withdrawn already, or no contact of their own). Nothing was written: review or discard the changes on Home, under Waiting for you.</source>
        <translation>Demoläge: massändringsbromsen höll kvar synken. Den skulle ändra {n} rättsliga grunder i eMarketeer, inte alla {imported} som importen satte: de andra behövde ingen ändring där (redan Återkallad, eller ingen egen kontakt). Inget skrevs: granska eller kasta ändringarna på Översikt, under Väntar på dig.</translation>
    </message>
</context>
<context>
    <name>DueSendsDialog</name>
    <message>
        <location filename="../../desktop_app/ui/send/dialogs.py" line="+33"/>
        <source>Scheduled sends fell due</source>
        <translation>Schemalagda utskick har förfallit</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Send now</source>
        <translation>Skicka nu</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancel it</source>
        <translation>Avbryt det</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Go ahead</source>
        <translation>Fortsätt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Decide later</source>
        <translation>Bestäm senare</translation>
    </message>
</context>
<context>
    <name>ErrorReporter</name>
    <message>
        <location filename="../../desktop_app/ui/shell/app.py" line="+102"/>
        <source>The details were written to the log file:
{path}</source>
        <translation>Detaljerna skrevs till loggfilen:
{path}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No log file could be written in the data directory.</source>
        <translation>Ingen loggfil kunde skrivas i datamappen.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Something unexpected went wrong ({kind}). The app goes on, but you may want to restart it and send the log file to your support contact.</source>
        <translation>Något oväntat gick fel ({kind}). Appen fortsätter, men du kan vilja starta om den och skicka loggfilen till din supportkontakt.</translation>
    </message>
</context>
<context>
    <name>Explanation</name>
    <message>
        <location filename="../../desktop_app/domain/messages.py" line="-87"/>
        <source>Cancelled by the user; what was done is recorded.</source>
        <translation>Avbruten av användaren; det som hann göras är registrerat.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The process running this sync ended before it finished (crash or kill).</source>
        <translation>Processen som körde den här synken avslutades innan den var klar (krasch eller avbrott).</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>The target changed after the plan was made; decided again (R14).</source>
        <translation>Målet ändrades efter att planen gjordes; avgjordes på nytt (R14).</translation>
    </message>
    <message>
        <location line="-98"/>
        <source>; {n} other SuperOffice person(s) of the address brought to it (R9)</source>
        <translation>; {n} andra SuperOffice-personer med adressen fick värdet (R9)</translation>
    </message>
    <message>
        <location line="-12"/>
        <source> (oldest of {n} SuperOffice persons with this address, whose values differ)</source>
        <translation> (äldst av {n} SuperOffice-personer med den här adressen, som har olika värden)</translation>
    </message>
    <message>
        <location line="-1"/>
        <source> (oldest of {n} SuperOffice persons with this address)</source>
        <translation> (äldst av {n} SuperOffice-personer med den här adressen)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source> (latest-changed of {n} SuperOffice persons with this address, whose values differ)</source>
        <translation> (senast ändrad av {n} SuperOffice-personer med den här adressen, vars värden skiljer sig)</translation>
    </message>
    <message>
        <location line="-1"/>
        <source> (latest-changed of {n} SuperOffice persons with this address)</source>
        <translation> (senast ändrad av {n} SuperOffice-personer med den här adressen)</translation>
    </message>
    <message>
        <location line="-6"/>
        <source>; held for review: it would reverse a withdrawal (R24)</source>
        <translation>; väntar på granskning: det skulle upphäva ett återkallande (R24)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source> (approved by a person, R24)</source>
        <translation> (godkänt av en person, R24)</translation>
    </message>
    <message>
        <location line="-3"/>
        <source>; {system} set to {basis}</source>
        <translation>; {system} sätts till {basis}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>; {system} would be set to {basis}</source>
        <translation>; {system} skulle få {basis}</translation>
    </message>
    <message>
        <location line="-73"/>
        <source>never</source>
        <translation>aldrig</translation>
    </message>
    <message>
        <location line="+50"/>
        <source>Both systems say {basis}: nothing to write</source>
        <translation>Båda systemen säger {basis}: inget att skriva</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Only {system} changed since the last sync</source>
        <translation>Bara {system} har ändrats sedan förra synken</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{system} changed later ({first} vs {second})</source>
        <translation>{system} ändrades senare ({first} mot {second})</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{empty} has no legal basis; {other} has one</source>
        <translation>{empty} har ingen rättslig grund; {other} har en</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Both changed within the clock-skew window ({first} vs {second}): the more restrictive value wins; please review</source>
        <translation>Båda ändrades inom tidsfönstret för klockavvikelse ({first} mot {second}): det mer restriktiva värdet vinner; granska gärna</translation>
    </message>
    <message>
        <location line="+30"/>
        <source> (latest-changed of {n} SuperOffice persons with this address; a new person&apos;s creation default is no one&apos;s decision and does not count, R22)</source>
        <translation> (senast ändrad av {n} SuperOffice-personer med den här adressen; en ny persons skapandestandard är ingens beslut och räknas inte, R22)</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>{problem} (SuperOffice person {id})</source>
        <translation>{problem} (SuperOffice-person {id})</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>In step: both say {basis} since the last sync</source>
        <translation>Överens: båda säger {basis} sedan förra synken</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>In step: neither has a legal basis for this purpose since the last sync</source>
        <translation>Överens: ingen av dem har en rättslig grund för det här ändamålet sedan förra synken</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Only in SuperOffice: left alone (no eMarketeer contact has this address)</source>
        <translation>Bara i SuperOffice: lämnas orörd (ingen eMarketeer-kontakt har den här adressen)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Only in eMarketeer: left alone (no SuperOffice person has this address)</source>
        <translation>Bara i eMarketeer: lämnas orörd (ingen SuperOffice-person har den här adressen)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{system}: legal basis {basis} has no change time</source>
        <translation>{system}: den rättsliga grunden {basis} saknar ändringstid</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{system}: change time {when} is in the future</source>
        <translation>{system}: ändringstiden {when} ligger i framtiden</translation>
    </message>
    <message>
        <location line="+72"/>
        <source>A scheduled sync was due while another sync was running in this window, so it was skipped.</source>
        <translation>En schemalagd synk skulle köras medan en annan synk pågick i det här fönstret, så den hoppades över.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>A scheduled sync was due but could not start: {reason}</source>
        <translation>En schemalagd synk skulle köras men kunde inte starta: {reason}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Dry run: nothing was written.</source>
        <translation>Testkörning: inget skrevs.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dry run: nothing was written. A real run would be held by the mass-change brake: it would change {n} legal bases ({why}).</source>
        <translation>Testkörning: inget skrevs. En riktig körning skulle hållas kvar av massändringsbromsen: den skulle ändra {n} rättsliga grunder ({why}).</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Applied the changes of held run {run}.</source>
        <translation>Ändringarna från körning {run}, som massändringsbromsen höll kvar, är genomförda.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Applied the changes of held run {run}, except {n} whose contacts changed since it was held: the next sync decides those afresh.</source>
        <translation>Ändringarna från körning {run}, som massändringsbromsen höll kvar, är genomförda, utom {n} vars kontakter har ändrats sedan dess: nästa synk avgör dem på nytt.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Run {run} is not waiting for approval (it was applied, discarded or replaced by a later run); nothing was written.</source>
        <translation>Körning {run} väntar inte på godkännande (den har genomförts, kastats eller ersatts av en senare körning); inget skrevs.</translation>
    </message>
    <message>
        <location line="-152"/>
        <source>SuperOffice&apos;s value is the default it gave the person at creation, not a person&apos;s decision; on a first match eMarketeer&apos;s value is kept (R22)</source>
        <translation>SuperOffices värde är standardvärdet som personen fick när den skapades, inte någons beslut; vid första matchningen behålls eMarketeers värde (R22)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Another SuperOffice person with this address; brought to the value decided for the address (R9)</source>
        <translation>En annan SuperOffice-person med den här adressen; får värdet som avgjordes för adressen (R9)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>A person chose to keep the withdrawal (R24)</source>
        <translation>En person valde att behålla återkallandet (R24)</translation>
    </message>
    <message>
        <location line="+134"/>
        <source>a first full run</source>
        <translation>en första fullständig körning</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>for {n} matched contacts</source>
        <translation>för {n} matchade kontakter</translation>
    </message>
    <message>
        <location line="-7"/>
        <source>Held by the mass-change brake: this run would change {n} legal bases ({why}) and wrote nothing; a person can review and apply it, or run sync --allow-mass-change.</source>
        <translation>Hållen kvar av massändringsbromsen: körningen skulle ändra {n} rättsliga grunder ({why}) och skrev inget; en person kan granska och genomföra den, eller köra sync --allow-mass-change.</translation>
    </message>
    <message>
        <location line="-88"/>
        <source>{system} no longer has a legal basis for {purpose} while {other} has {basis}; a removal cannot be synced, please set it by hand</source>
        <translation>{system} har inte längre någon rättslig grund för {purpose} medan {other} har {basis}; en borttagning kan inte synkas, ange den för hand</translation>
    </message>
</context>
<context>
    <name>Health</name>
    <message>
        <location filename="../../desktop_app/sync/health.py" line="+148"/>
        <source>it is switched off</source>
        <translation>den är avstängd</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Legal basis sync is off ({reason}), so there is nothing to watch.</source>
        <translation>Legal basis-synken är avstängd ({reason}), så det finns inget att bevaka.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The last successful sync is recorded as finished at {when}, later than the clock says it is now: the clock was set back since, so how long ago it was is not known</source>
        <translation>Den senaste lyckade synkroniseringen är registrerad som klar {when}, senare än klockan visar nu: klockan har ställts tillbaka sedan dess, så hur länge sedan det var går inte att veta</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>The last successful sync finished {ago} ({when}).</source>
        <translation>Den senaste lyckade synken blev klar för {ago} ({when}).</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>No sync has finished successfully yet</source>
        <translation>Ingen synk har blivit klar utan fel ännu</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No sync has succeeded for {elapsed} (the last one finished {when})</source>
        <translation>Ingen synk har lyckats på {elapsed} (den senaste blev klar {when})</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Legal basis sync was switched on {ago} ({when}); no sync has finished successfully since</source>
        <translation>Legal basis-synken slogs på {ago} ({when}); ingen synk har slutförts sedan dess</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No sync has succeeded in the {elapsed} since Legal basis sync was switched on ({when})</source>
        <translation>Ingen synk har lyckats under de {elapsed} sedan Legal basis-synken slogs på ({when})</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>; a sync is running now.</source>
        <translation>; en synk körs just nu.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>; the latest run finished</source>
        <translation>; den senaste körningen blev klar</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>; the latest run failed</source>
        <translation>; den senaste körningen misslyckades</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>; the latest run stopped early</source>
        <translation>; den senaste körningen avbröts i förtid</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>; the latest run was interrupted</source>
        <translation>; den senaste körningen avbröts</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>less than a minute ago</source>
        <translation>mindre än en minut sedan</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{duration} ago</source>
        <translation>{duration} sedan</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>{n} day</source>
        <translation>{n} dag</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>{n} days</source>
        <translation>{n} dagar</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{n} hour</source>
        <translation>{n} timme</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>{n} hours</source>
        <translation>{n} timmar</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{n} minute</source>
        <translation>{n} minut</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>{n} minutes</source>
        <translation>{n} minuter</translation>
    </message>
</context>
<context>
    <name>HistoryModel</name>
    <message>
        <location filename="../../desktop_app/ui/history/model.py" line="+52"/>
        <location line="+237"/>
        <source>Preview</source>
        <translation>Förhandsgranskning</translation>
    </message>
    <message>
        <location line="-233"/>
        <source>Running</source>
        <translation>Pågår</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Done</source>
        <translation>Klar</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stopped</source>
        <translation>Stoppad</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+10"/>
        <source>Failed</source>
        <translation>Misslyckades</translation>
    </message>
    <message>
        <location line="-9"/>
        <source>Interrupted</source>
        <translation>Avbruten</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Skipped</source>
        <translation>Överhoppad</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Held for review</source>
        <translation>Väntar på granskning</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+37"/>
        <source>Agreed</source>
        <translation>Överens</translation>
    </message>
    <message>
        <location line="-36"/>
        <source>Pending</source>
        <translation>Väntar</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Applied</source>
        <translation>Genomförd</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Decided again (R14)</source>
        <translation>Avgjord på nytt (R14)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not applied</source>
        <translation>Inte genomförd</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not confirmed: changed since</source>
        <translation>Inte bekräftad: ändrad sedan dess</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Held for review (R24)</source>
        <translation>Väntar på granskning (R24)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not written: changed back again and again (R25)</source>
        <translation>Inte skriven: ändras tillbaka gång på gång (R25)</translation>
    </message>
    <message>
        <location line="+27"/>
        <location line="+462"/>
        <source>Change</source>
        <translation>Ändring</translation>
    </message>
    <message>
        <location line="-461"/>
        <location filename="../../desktop_app/ui/history/view.py" line="+114"/>
        <source>Would change</source>
        <translation>Skulle ändra</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Error</source>
        <translation>Fel</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+379"/>
        <source>Not synced</source>
        <translation>Inte synkad</translation>
    </message>
    <message>
        <location line="-378"/>
        <source>Answer</source>
        <translation>Svar</translation>
    </message>
    <message>
        <location line="+136"/>
        <source>{seconds} s</source>
        <translation>{seconds} s</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{minutes} min</source>
        <translation>{minutes} min</translation>
    </message>
    <message>
        <location line="+24"/>
        <location line="+287"/>
        <source>Run</source>
        <translation>Körning</translation>
    </message>
    <message>
        <location line="-285"/>
        <source>Started</source>
        <translation>Startad</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Trigger</source>
        <translation>Utlösare</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>What started the run: a person, the 30-minute schedule, a send (R3, R10), or a preview</source>
        <translation>Vad som startade körningen: en person, schemat var 30:e minut, ett utskick (R3, R10) eller en förhandsgranskning</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Mode</source>
        <translation>Läge</translation>
    </message>
    <message>
        <location line="+14"/>
        <location line="+273"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/history/chart.py" line="+243"/>
        <location filename="../../desktop_app/ui/history/model.py" line="-268"/>
        <source>Changes</source>
        <translation>Ändringar</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/history/model.py" line="+7"/>
        <source>Conflicts</source>
        <translation>Konflikter</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Near-simultaneous changes decided by the more restrictive value (R13)</source>
        <translation>Nästan samtidiga ändringar, avgjorda av det mer restriktiva värdet (R13)</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/history/chart.py" line="+2"/>
        <location filename="../../desktop_app/ui/history/model.py" line="+4"/>
        <source>Errors</source>
        <translation>Fel</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/history/model.py" line="-249"/>
        <source>Planned (preview)</source>
        <translation>Planerad (förhandsgranskning)</translation>
    </message>
    <message>
        <location line="+189"/>
        <source>Preview: nothing was written.</source>
        <translation>Förhandsgranskning: inget skrevs.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Preview: nothing was written. A real sync would be held by the mass-change brake: it would change {n} legal bases ({why}).</source>
        <translation>Förhandsgranskning: inget skrevs. En riktig synk skulle hållas kvar av massändringsbromsen: den skulle ändra {n} rättsliga grunder ({why}).</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>Full read: everything read; incremental read: what changed since the last run (R21)</source>
        <translation>Full läsning: allt läses; stegvis läsning: det som ändrats sedan förra körningen (R21)</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>A preview computes every decision and writes nothing (R16)</source>
        <translation>En förhandsgranskning räknar fram varje beslut och skriver ingenting (R16)</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Values written (for a preview: that would be written)</source>
        <translation>Skrivna värden (för en förhandsgranskning: som skulle skrivas)</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Contacts that could not be synced, with the reason (R17)</source>
        <translation>Kontakter som inte kunde synkas, med orsaken (R17)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Ended</source>
        <translation>Avslutad</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Message</source>
        <translation>Meddelande</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Run {id}: {status}</source>
        <translation>Körning {id}: {status}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{matched} contacts in both systems; only in SuperOffice {so}, only in eMarketeer {em}</source>
        <translation>{matched} kontakter i båda systemen; bara i SuperOffice {so}, bara i eMarketeer {em}</translation>
    </message>
    <message>
        <location line="+8"/>
        <source> and {n} more</source>
        <translation> och {n} till</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Only: {addresses}</source>
        <translation>Bara: {addresses}</translation>
    </message>
    <message>
        <location line="+80"/>
        <source>Approved by {user}</source>
        <translation>Godkänt av {user}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Kept withdrawn by {user}</source>
        <translation>Behållen återkallad av {user}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Answer waiting for the next sync</source>
        <translation>Svaret väntar på nästa synk</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Carried out by run {run}</source>
        <translation>Genomfört av körning {run}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Void: the values changed before it was carried out</source>
        <translation>Ogiltigt: värdena ändrades innan det genomfördes</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Replaced by a later answer</source>
        <translation>Ersatt av ett senare svar</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Void: holds for review were switched off, and the sync decided the pair by R5</source>
        <translation>Ogiltigt: pausning för granskning stängdes av, och synken avgjorde paret enligt R5</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Void: the contact is in neither system any more</source>
        <translation>Ogiltigt: kontakten finns inte längre i något av systemen</translation>
    </message>
    <message>
        <location line="+75"/>
        <source>{kind} in run {id}: {email}, {purpose}</source>
        <translation>{kind} i körning {id}: {email}, {purpose}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>{system} would be set from {old} to {new}: {status}.</source>
        <translation>{system} skulle ändras från {old} till {new}: {status}.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{system} set from {old} to {new} ({status}).</source>
        <translation>{system} ändrades från {old} till {new} ({status}).</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>nothing</source>
        <translation>inget</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>When decided, SuperOffice had {so} and eMarketeer had {em}.</source>
        <translation>Vid beslutet hade SuperOffice {so} och eMarketeer {em}.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Why: {why}</source>
        <translation>Varför: {why}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Rule {rules}.</source>
        <translation>Regel {rules}.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Type</source>
        <translation>Typ</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Address</source>
        <translation>Adress</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Purpose</source>
        <translation>Ändamål</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Which system was set, from which value to which</source>
        <translation>Vilket system som ändrades, från vilket värde till vilket</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Rule</source>
        <translation>Regel</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>When</source>
        <translation>När</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>When it was applied (or recorded)</source>
        <translation>När den genomfördes (eller registrerades)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>SuperOffice then</source>
        <translation>SuperOffice då</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>SuperOffice&apos;s value and change time when the run decided</source>
        <translation>SuperOffice värde och ändringstid när körningen beslutade</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>eMarketeer then</source>
        <translation>eMarketeer då</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>eMarketeer&apos;s value and change time when the run decided</source>
        <translation>eMarketeers värde och ändringstid när körningen beslutade</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Why</source>
        <translation>Varför</translation>
    </message>
</context>
<context>
    <name>HistoryView</name>
    <message>
        <location filename="../../desktop_app/ui/history/view.py" line="-45"/>
        <source>Select a line to read it in full: both sides&apos; values then, the status and why.</source>
        <translation>Markera en rad för att läsa den i sin helhet: båda sidornas värden då, status och varför.</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/history/presenter.py" line="+63"/>
        <source>{n} change written</source>
        <translation>{n} ändring skriven</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>{n} changes written</source>
        <translation>{n} ändringar skrivna</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{n} waiting for a person</source>
        <translation>{n} väntar på en person</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Run {id}: {changes}, {errors}</source>
        <translation>Körning {id}: {changes}, {errors}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{n} error</source>
        <translation>{n} fel</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>{n} errors</source>
        <translation>{n} fel</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{n} agreement recorded</source>
        <translation>{n} överenskommelse registrerad</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{n} agreements recorded</source>
        <translation>{n} överenskommelser registrerade</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>. Nothing to list: every contact was already in step.</source>
        <translation>. Inget att lista: alla kontakter var redan överens.</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/history/view.py" line="+166"/>
        <source>Refresh</source>
        <translation>Uppdatera</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Read the history again</source>
        <translation>Läs historiken igen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export audit trail…</source>
        <translation>Exportera granskningslogg…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Save every applied change, with both sides&apos; values, times, winner and rule, as a CSV file (R15)</source>
        <translation>Spara varje genomförd ändring, med båda sidornas värden, tider, vinnare och regel, som en CSV-fil (R15)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Type an address and press Enter…</source>
        <translation>Skriv en adress och tryck Enter…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Every decision about one address, across all runs (Ctrl+F)</source>
        <translation>Varje beslut om en adress, i alla körningar (Ctrl+F)</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Contact history:</source>
        <translation>Kontakthistorik:</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Changes and errors per run</source>
        <translation>Ändringar och fel per körning</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Runs, newest first</source>
        <translation>Körningar, nyaste först</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No runs yet. A run appears here as soon as a sync or a preview starts.</source>
        <translation>Inga körningar än. En körning visas här så fort en synk eller förhandsgranskning startar.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Changes and errors of the selected run</source>
        <translation>Ändringar och fel i den markerade körningen</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/history/presenter.py" line="+116"/>
        <location filename="../../desktop_app/ui/history/view.py" line="+3"/>
        <source>Select a run to see what it changed and why.</source>
        <translation>Markera en körning för att se vad den ändrade och varför.</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/history/view.py" line="+13"/>
        <source>Every decision about one address</source>
        <translation>Varje beslut om en adress</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Type an address in the box above and press Enter to see its full history.</source>
        <translation>Skriv en adress i rutan ovan och tryck Enter för att se hela dess historik.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Save report…</source>
        <translation>Spara rapport…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Save this contact&apos;s whole record as a PDF, for a data-protection officer or a data subject&apos;s request: both systems&apos; values, every change with rule and reason, people&apos;s answers and the sends</source>
        <translation>Spara kontaktens hela historik som pdf, till ett dataskyddsombud eller för en registrerads begäran: båda systemens värden, varje ändring med regel och skäl, personers svar och utskicken</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Selected run</source>
        <translation>Markerad körning</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Contact history</source>
        <translation>Kontakthistorik</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/history/presenter.py" line="-158"/>
        <source>{n} change would be written (preview)</source>
        <translation>{n} ändring skulle skrivas (förhandsgranskning)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{n} changes would be written (preview)</source>
        <translation>{n} ändringar skulle skrivas (förhandsgranskning)</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>{n} change not confirmed</source>
        <translation>{n} ändring inte bekräftad</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{n} changes not confirmed</source>
        <translation>{n} ändringar inte bekräftade</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{n} change not written</source>
        <translation>{n} ändring inte skriven</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{n} changes not written</source>
        <translation>{n} ändringar inte skrivna</translation>
    </message>
    <message>
        <location line="+137"/>
        <source>Reading run {id}…</source>
        <translation>Läser körning {id}…</translation>
    </message>
    <message>
        <location line="+46"/>
        <source>The run could not be read.</source>
        <translation>Körningen kunde inte läsas.</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>{n} decision</source>
        <translation>{n} beslut</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>{n} decisions</source>
        <translation>{n} beslut</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>in {n} run</source>
        <translation>i {n} körning</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>in {n} runs</source>
        <translation>i {n} körningar</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{address}: {decisions} {runs}, newest first.</source>
        <translation>{address}: {decisions} {runs}, nyaste först.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{address}: no decisions recorded. Either no run has seen this address, or both systems have always agreed on it.</source>
        <translation>{address}: inga beslut registrerade. Antingen har ingen körning sett adressen, eller så har båda systemen alltid varit överens om den.</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>The audit trail was written to {path}, but the sends&apos; recipients could not be written to {sends_path}: {reason}</source>
        <translation>Granskningsloggen skrevs till {path}, men utskickens mottagare kunde inte skrivas till {sends_path}: {reason}</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>, with the sends&apos; recipients ({n} rows) on their own sheet</source>
        <translation>, med utskickens mottagare ({n} rader) på ett eget blad</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The audit trail could not be written to {path}: {reason}</source>
        <translation>Granskningsloggen kunde inte skrivas till {path}: {reason}</translation>
    </message>
    <message>
        <location line="+49"/>
        <source>, {n} write that may have landed (status unconfirmed)</source>
        <translation>, {n} skrivning som kan ha gått fram (status obekräftad)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>, {n} writes that may have landed (status unconfirmed)</source>
        <translation>, {n} skrivningar som kan ha gått fram (status obekräftad)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>, {n} answer about a held change (R24)</source>
        <translation>, {n} svar om en pausad ändring (R24)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>, {n} answers about held changes (R24)</source>
        <translation>, {n} svar om pausade ändringar (R24)</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/history/view.py" line="+128"/>
        <source>CSV for scripts (*.csv)</source>
        <translation>CSV för skript (*.csv)</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/history/presenter.py" line="-33"/>
        <source>The report could not be written to {path}: {reason}</source>
        <translation>Rapporten kunde inte skrivas till {path}: {reason}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Saved the record of {address} to {path}</source>
        <translation>Sparade historiken för {address} i {path}</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/history/view.py" line="+14"/>
        <source>Save report</source>
        <translation>Spara rapport</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>PDF files (*.pdf)</source>
        <translation>Pdf-filer (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/history/presenter.py" line="+14"/>
        <source>Exported {n} applied change to {path}</source>
        <translation>Exporterade {n} genomförd ändring till {path}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Exported {n} applied changes to {path}</source>
        <translation>Exporterade {n} genomförda ändringar till {path}</translation>
    </message>
    <message>
        <location line="-69"/>
        <source>; the sends&apos; recipients ({n} rows) to {path}</source>
        <translation>; utskickens mottagare ({n} rader) till {path}</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/history/view.py" line="-19"/>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel-arbetsbok (*.xlsx)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Export audit trail</source>
        <translation>Exportera granskningslogg</translation>
    </message>
</context>
<context>
    <name>HomePresenter</name>
    <message>
        <location filename="../../desktop_app/ui/home/presenter.py" line="+229"/>
        <source>The last sync was held by the mass-change brake and wrote none of its changes (R23).</source>
        <translation>Den senaste synken hölls kvar av massändringsbromsen och skrev inga av sina ändringar (R23).</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The two systems are not identical where decisions are held for review (R24).</source>
        <translation>De två systemen är inte lika där beslut väntar på granskning (R24).</translation>
    </message>
</context>
<context>
    <name>HomeView</name>
    <message>
        <location filename="../../desktop_app/ui/home/view.py" line="+76"/>
        <source>Open settings</source>
        <translation>Öppna inställningar</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Next scheduled run:</source>
        <translation>Nästa schemalagda körning:</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Sync now</source>
        <translation>Synka nu</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+234"/>
        <source>Run a sync now (Ctrl+R)</source>
        <translation>Kör en synk nu (Ctrl+R)</translation>
    </message>
    <message>
        <location line="-232"/>
        <source>Preview differences</source>
        <translation>Förhandsgranska skillnader</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Compare both systems and show every decision a sync would make; nothing is written (R16) (Ctrl+P)</source>
        <translation>Jämför båda systemen och visa varje beslut en synk skulle fatta; inget skrivs (R16) (Ctrl+P)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cancel</source>
        <translation>Avbryt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stop the running sync; what it did so far is kept and recorded (Esc)</source>
        <translation>Stoppa den pågående synken; det den hunnit göra behålls och registreras (Esc)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Sync progress</source>
        <translation>Synkens förlopp</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>How far apart the systems are</source>
        <translation>Hur långt isär systemen är</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Open conflicts</source>
        <translation>Öppna konflikter</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Waiting for you</source>
        <translation>Väntar på dig</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Review the changes</source>
        <translation>Granska ändringarna</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Show every change the held sync would write, with Apply these changes and Discard</source>
        <translation>Visa varje ändring som den kvarhållna synken skulle skriva, med Genomför ändringarna och Kasta</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Review held</source>
        <translation>Granska pausade</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Show contacts</source>
        <translation>Visa kontakter</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Last sync</source>
        <translation>Senaste synk</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Connections</source>
        <translation>Anslutningar</translation>
    </message>
    <message>
        <location line="+15"/>
        <location line="+125"/>
        <source>%1 connection: not tested yet</source>
        <translation>Anslutning till %1: inte testad än</translation>
    </message>
    <message>
        <location line="-122"/>
        <source>Test connections</source>
        <translation>Testa anslutningar</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Load SuperOffice&apos;s lists and eMarketeer&apos;s master data with the applied settings</source>
        <translation>Läs SuperOffice listor och eMarketeers grunddata med de verkställda inställningarna</translation>
    </message>
    <message>
        <location line="+54"/>
        <source>Warning: the sync has not succeeded lately</source>
        <translation>Varning: synken har inte lyckats på sistone</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>{caption}:</source>
        <translation>{caption}:</translation>
    </message>
    <message>
        <location line="+53"/>
        <source>%1 connection: working</source>
        <translation>Anslutning till %1: fungerar</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 connection: failing</source>
        <translation>Anslutning till %1: fungerar inte</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>The sync is off: {reason}.</source>
        <translation>Synken är avstängd: {reason}.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Starting…</source>
        <translation>Startar…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Run {id} started…</source>
        <translation>Körning {id} startad…</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Reading</source>
        <translation>Läser</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Deciding</source>
        <translation>Beslutar</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Writing</source>
        <translation>Skriver</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Finishing</source>
        <translation>Avslutar</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../desktop_app/ui/shell/main_window.py" line="+103"/>
        <source> (demo)</source>
        <translation> (demo)</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>the system keyring</source>
        <translation>systemets nyckelring</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>memory, for this demo only</source>
        <translation>minnet, bara för den här demon</translation>
    </message>
    <message>
        <location line="+81"/>
        <source>Home</source>
        <translation>Översikt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Send</source>
        <translation>Utskick</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Conflicts</source>
        <translation>Konflikter</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>History</source>
        <translation>Historik</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+115"/>
        <source>Settings</source>
        <translation>Inställningar</translation>
    </message>
    <message>
        <location line="-14"/>
        <source>The history database was unreadable and was moved aside to {path}; a new one was started. The saved settings were in it: enter them again under Settings.</source>
        <translation>Historikdatabasen gick inte att läsa och flyttades undan till {path}; en ny påbörjades. De sparade inställningarna låg i den: ange dem igen under Inställningar.</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/shell/keyboard.py" line="+59"/>
        <location filename="../../desktop_app/ui/shell/main_window.py" line="-97"/>
        <source>Sync now</source>
        <translation>Synka nu</translation>
    </message>
    <message>
        <location line="+26"/>
        <location filename="../../desktop_app/ui/shell/main_window.py" line="+4"/>
        <source>Quit</source>
        <translation>Avsluta</translation>
    </message>
    <message>
        <location line="-52"/>
        <source>Preview differences</source>
        <translation>Förhandsgranska skillnader</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Cancel the running sync</source>
        <translation>Avbryt den pågående synken</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Show tab {n}</source>
        <translation>Visa flik {n}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Keyboard shortcuts</source>
        <translation>&amp;Kortkommandon</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Preview differences (nothing is written)</source>
        <translation>Förhandsgranska skillnader (inget skrivs)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Cancel the running sync or preview</source>
        <translation>Avbryt den pågående synken eller förhandsgranskningen</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Show the first … last tab</source>
        <translation>Visa första … sista fliken</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Search: addresses on Conflicts, a contact on History</source>
        <translation>Sök: adresser under Konflikter, en kontakt under Historik</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Alt + underlined letter</source>
        <translation>Alt + understruken bokstav</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The field or button with that letter, e.g. on Settings</source>
        <translation>Fältet eller knappen med den bokstaven, t.ex. under Inställningar</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Next tab (Ctrl+Shift+Tab: the one before)</source>
        <translation>Nästa flik (Ctrl+Skift+Tabb: den före)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>This list</source>
        <translation>Den här listan</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Keyboard shortcuts</source>
        <translation>Kortkommandon</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/shell/tray.py" line="+29"/>
        <source>Open Legal Basis Sync</source>
        <translation>Öppna Legal Basis Sync</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/shell/main_window.py" line="+107"/>
        <source>Settings *</source>
        <translation>Inställningar *</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>A sync is already running; wait for it to finish or press Cancel.</source>
        <translation>En synk pågår redan; vänta tills den är klar eller tryck på Avbryt.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Nothing to preview: the CRM is set to None. Choose Online or On-site under Settings.</source>
        <translation>Inget att förhandsgranska: CRM är inställt på Ingen. Välj Online eller On-site under Inställningar.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Legal basis sync is off because {reason}, so nothing was synced.</source>
        <translation>Legal basis-synken är avstängd eftersom {reason}, så inget synkades.</translation>
    </message>
    <message>
        <location line="+89"/>
        <source>Comparing both systems…</source>
        <translation>Jämför båda systemen…</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>The preview was made with the settings from before your last Apply, so it is not shown. Press Preview to see what the current settings decide.</source>
        <translation>Förhandsgranskningen gjordes med inställningarna från före din senaste Verkställ, så den visas inte. Tryck på Förhandsgranska för att se vad de nuvarande inställningarna avgör.</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>The preview did not run: {reason}</source>
        <translation>Förhandsgranskningen kördes inte: {reason}</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/shell/tray.py" line="+21"/>
        <source>a sync is running</source>
        <translation>en synk pågår</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the last sync had a problem</source>
        <translation>senaste synken hade ett problem</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>idle</source>
        <translation>vilar</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>no sync has succeeded lately</source>
        <translation>ingen synk har lyckats på sistone</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/shell/main_window.py" line="+130"/>
        <source>Legal Basis Sync keeps running here and syncs on schedule. Choose Quit from this icon&apos;s menu to stop it.</source>
        <translation>Legal Basis Sync fortsätter köras här och synkar enligt schemat. Välj Avsluta i ikonens meny för att stoppa den.</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>A run is going</source>
        <translation>En körning pågår</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A sync or send is running. Stop it and close? What was done is recorded, and the next run goes on from there.</source>
        <translation>En synk eller ett utskick pågår. Vill du stoppa det och stänga? Det som gjordes är registrerat, och nästa körning fortsätter därifrån.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Stop and close</source>
        <translation>Stoppa och stäng</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/shell/keyboard.py" line="+24"/>
        <source>&amp;About Legal Basis Sync…</source>
        <translation>&amp;Om Legal Basis Sync…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Help</source>
        <translation>&amp;Hjälp</translation>
    </message>
</context>
<context>
    <name>RecentSendsBox</name>
    <message>
        <location filename="../../desktop_app/ui/send/send_lists.py" line="+196"/>
        <source>Recent sends</source>
        <translation>Senaste utskick</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>When</source>
        <translation>När</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Message</source>
        <translation>Meddelande</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Result</source>
        <translation>Resultat</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>No sends yet.</source>
        <translation>Inga utskick än.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Send the rest…</source>
        <translation>Skicka resten…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>For a send that stopped halfway: check the recipients it did not reach again, then send it to those still allowed. Nobody gets it twice.</source>
        <translation>För ett utskick som stannade halvvägs: kontrollera mottagarna som det inte nådde igen och skicka sedan till dem som fortfarande är tillåtna. Ingen får det två gånger.</translation>
    </message>
</context>
<context>
    <name>Report</name>
    <message>
        <location filename="../../desktop_app/report/contact.py" line="+160"/>
        <source>written</source>
        <translation>skrivet</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>refused by the target</source>
        <translation>nekat av mottagande system</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>sent, no answer recorded</source>
        <translation>skickat, inget svar registrerat</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>planned, not written</source>
        <translation>planerat, inte skrivet</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>not written: the target changed first (R14)</source>
        <translation>inte skrivet: mottagande system ändrades först (R14)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>not written (the run ended first)</source>
        <translation>inte skrivet (körningen tog slut först)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>nothing to write</source>
        <translation>inget att skriva</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>approved the change</source>
        <translation>godkände ändringen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>kept the value as it was</source>
        <translation>behöll värdet som det var</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>not carried out yet</source>
        <translation>inte genomfört ännu</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>carried out</source>
        <translation>genomfört</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>no longer applies: the values changed since</source>
        <translation>gäller inte längre: värdena har ändrats sedan dess</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>sent (accepted by eMarketeer)</source>
        <translation>skickat (godtaget av eMarketeer)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>refused by eMarketeer</source>
        <translation>nekat av eMarketeer</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>not sent</source>
        <translation>inte skickat</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>may have been sent (no answer recorded)</source>
        <translation>kan ha skickats (inget svar registrerat)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>started by hand</source>
        <translation>startad för hand</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>scheduled</source>
        <translation>schemalagd</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>before a send</source>
        <translation>före ett utskick</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>preview</source>
        <translation>förhandsvisning</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>E-mail</source>
        <translation>E-post</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>SMS</source>
        <translation>Sms</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>unknown time</source>
        <translation>okänd tid</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>nothing recorded</source>
        <translation>inget registrerat</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{value} (could not be read: {error})</source>
        <translation>{value} (kunde inte läsas: {error})</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{value} (changed {when})</source>
        <translation>{value} (ändrat {when})</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>As the app last read both systems, in run {run} ({when}). SuperOffice and eMarketeer hold the values themselves; this is the app&apos;s copy.</source>
        <translation>Så som appen senast läste båda systemen, i körning {run} ({when}). Värdena finns i SuperOffice och eMarketeer; detta är appens kopia.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>No run has read both systems yet.</source>
        <translation>Ingen körning har läst båda systemen ännu.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Where</source>
        <translation>Var</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>SuperOffice, person {id}</source>
        <translation>SuperOffice, person {id}</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>(the oldest: the one synced, R9)</source>
        <translation>(den äldsta: den som synkas, R9)</translation>
    </message>
    <message>
        <location line="-16"/>
        <source>eMarketeer, contact {id}</source>
        <translation>eMarketeer, kontakt {id}</translation>
    </message>
    <message>
        <location line="-89"/>
        <source>maybe written: the run ended first, and the value was changed since</source>
        <translation>kanske skrivet: körningen tog slut först, och värdet har ändrats sedan dess</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>replaced by a later answer</source>
        <translation>ersatt av ett senare svar</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>no longer applies: holds for review were switched off</source>
        <translation>gäller inte längre: pausning för granskning stängdes av</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>no longer applies: the contact was deleted from both systems</source>
        <translation>gäller inte längre: kontakten raderades ur båda systemen</translation>
    </message>
    <message>
        <location line="+76"/>
        <source>eMarketeer</source>
        <translation>eMarketeer</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Values in both systems as last seen</source>
        <translation>Värden i båda systemen som de senast sågs</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Neither system held this address when the app last read them.</source>
        <translation>Inget av systemen hade den här adressen när appen senast läste dem.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>(the oldest; all {n} persons are kept in step, R9)</source>
        <translation>(den äldsta; alla {n} personer hålls i takt, R9)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>(the oldest, R9)</source>
        <translation>(den äldsta, R9)</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+57"/>
        <location line="+41"/>
        <source>When</source>
        <translation>När</translation>
    </message>
    <message>
        <location line="-97"/>
        <location line="+58"/>
        <source>Purpose</source>
        <translation>Ändamål</translation>
    </message>
    <message>
        <location line="-57"/>
        <source>Change</source>
        <translation>Ändring</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>SuperOffice before</source>
        <translation>SuperOffice före</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>eMarketeer before</source>
        <translation>eMarketeer före</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rule and reason</source>
        <translation>Regel och skäl</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Outcome</source>
        <translation>Utfall</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>run {run}, {trigger}</source>
        <translation>körning {run}, {trigger}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>run {run}</source>
        <translation>körning {run}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{system}: {old} → {new}</source>
        <translation>{system}: {old} → {new}</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Changes the app made</source>
        <translation>Ändringar som appen gjorde</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Every write the app decided for this address, oldest first, with both systems&apos; values just before it (previews that wrote nothing are left out).</source>
        <translation>Varje skrivning som appen beslutade för den här adressen, äldst först, med båda systemens värden strax före (förhandsvisningar som inte skrev något är utelämnade).</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The app has never changed this address&apos;s legal basis.</source>
        <translation>Appen har aldrig ändrat den här adressens rättsliga grund.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Answers by people (R24)</source>
        <translation>Svar från personer (R24)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>This version of the app does not record people&apos;s answers.</source>
        <translation>Den här versionen av appen registrerar inte personers svar.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Who</source>
        <translation>Vem</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Answer</source>
        <translation>Svar</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>About</source>
        <translation>Om</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>SuperOffice {so}; eMarketeer {em}</source>
        <translation>SuperOffice {so}; eMarketeer {em}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>the change held: {system} to {new}</source>
        <translation>den vilande ändringen: {system} till {new}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>(run {run})</source>
        <translation>(körning {run})</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Withdrawals and reversals the app held for a person to decide, and what they decided.</source>
        <translation>Återkallanden och omsvängningar som appen höll kvar för en person att avgöra, och vad personen beslutade.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Nobody has been asked about this address.</source>
        <translation>Ingen har tillfrågats om den här adressen.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Send</source>
        <translation>Utskick</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>As entered</source>
        <translation>Som angivet</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Included</source>
        <translation>Med</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Result</source>
        <translation>Resultat</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{channel} {id}, message {component}</source>
        <translation>{channel} {id}, meddelande {component}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>left out: {why}</source>
        <translation>utelämnad: {why}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>not sent yet</source>
        <translation>inte skickat ännu</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Sends</source>
        <translation>Utskick</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Every e-mail or SMS send this address was a recipient of, whether it was sent to or left out, and why.</source>
        <translation>Varje e-post- eller sms-utskick där adressen fanns bland mottagarna, om den fick utskicket eller utelämnades, och varför.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>This address was never a recipient of a send.</source>
        <translation>Adressen har aldrig varit mottagare av ett utskick.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Legal basis record for {email}</source>
        <translation>Rättslig grund för {email}: sammanställning</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Made {when} by Legal Basis Sync {version} from its own history; times are in {zone}.</source>
        <translation>Gjord {when} av Legal Basis Sync {version} ur dess egen historik; tiderna anges i {zone}.</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>End of the report.</source>
        <translation>Slut på rapporten.</translation>
    </message>
</context>
<context>
    <name>Review</name>
    <message>
        <location filename="../../desktop_app/domain/review.py" line="+78"/>
        <source>Write to SuperOffice</source>
        <translation>Skriv till SuperOffice</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Write to eMarketeer</source>
        <translation>Skriv till eMarketeer</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Held for review</source>
        <translation>Väntar på granskning</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Nothing</source>
        <translation>Inget</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Error</source>
        <translation>Fel</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Left alone</source>
        <translation>Lämnas orörd</translation>
    </message>
    <message>
        <location line="+68"/>
        <source>Write {basis} to {target}</source>
        <translation>Skriv {basis} till {target}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>; {system} wins</source>
        <translation>; {system} vinner</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Held for review: writing {basis} to {target} would reverse a withdrawal (R24); nothing is written until a person approves</source>
        <translation>Väntar på granskning: att skriva {basis} till {target} skulle upphäva ett återkallande (R24); inget skrivs förrän en person godkänner</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Not synced this run; it stays on the error list until the cause is fixed</source>
        <translation>Synkas inte i den här körningen; den står kvar på fellistan tills orsaken är åtgärdad</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Left alone; nothing is written to either system</source>
        <translation>Lämnas orörd; inget skrivs till något av systemen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Nothing to write</source>
        <translation>Inget att skriva</translation>
    </message>
    <message>
        <location line="+536"/>
        <source>{system} has no contact with this address.</source>
        <translation>{system} har ingen kontakt med den här adressen.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{system} has no legal basis for this purpose.</source>
        <translation>{system} har ingen rättslig grund för det här ändamålet.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{system} says {basis}, changed {when}.</source>
        <translation>{system} säger {basis}, ändrad {when}.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{system} says {basis}.</source>
        <translation>{system} säger {basis}.</translation>
    </message>
    <message>
        <location line="+9"/>
        <location line="+43"/>
        <source>person {id}</source>
        <translation>person {id}</translation>
    </message>
    <message>
        <location line="-37"/>
        <source>, the latest-changed of {n} persons with this address (R9)</source>
        <translation>, den senast ändrade av {n} personer med den här adressen (R9)</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+12"/>
        <source>, created {when}</source>
        <translation>, skapad {when}</translation>
    </message>
    <message>
        <location line="-11"/>
        <source>, the oldest of {n} persons with this address (R9)</source>
        <translation>, den äldsta av {n} personer med den här adressen (R9)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>SuperOffice persons with this address (R9):</source>
        <translation>SuperOffice-personer med den här adressen (R9):</translation>
    </message>
    <message>
        <location line="+2"/>
        <source> — decided for SuperOffice</source>
        <translation> — avgjorde för SuperOffice</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>, changed {when}</source>
        <translation>, ändrad {when}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>  person {id}{created}: {basis}{changed}{mark}</source>
        <translation>  person {id}{created}: {basis}{changed}{mark}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>person {id} created {when}</source>
        <translation>person {id} skapad {when}</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The other SuperOffice persons: {others}.</source>
        <translation>De andra SuperOffice-personerna: {others}.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>At the last sync both agreed on {basis} (since {when}).</source>
        <translation>Vid förra synken var båda överens om {basis} (sedan {when}).</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>At the last sync both agreed on {basis}.</source>
        <translation>Vid förra synken var båda överens om {basis}.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The two systems have not agreed on a value before (no baseline yet).</source>
        <translation>Systemen har inte varit överens om ett värde tidigare (ingen baslinje än).</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Decision: {decision}.</source>
        <translation>Beslut: {decision}.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Why: {why}</source>
        <translation>Varför: {why}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Rule: {rules} (conflict: please review)</source>
        <translation>Regel: {rules} (konflikt: granska gärna)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Rule: {rules}</source>
        <translation>Regel: {rules}</translation>
    </message>
</context>
<context>
    <name>RunChart</name>
    <message>
        <location filename="../../desktop_app/ui/history/chart.py" line="-127"/>
        <source>No runs yet.</source>
        <translation>Inga körningar än.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Runs shown: %1, oldest on the left. Changes in all: %2; errors: %3. Newest: %4.</source>
        <translation>Visade körningar: %1, äldst till vänster. Ändringar totalt: %2; fel: %3. Nyaste: %4.</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>No runs yet: the chart fills as syncs run.</source>
        <translation>Inga körningar än: diagrammet fylls på när synkar körs.</translation>
    </message>
    <message>
        <location line="+96"/>
        <source>Preview: would change</source>
        <translation>Förhandsgranskning: skulle ändra</translation>
    </message>
    <message>
        <location line="+69"/>
        <source>Preview {id} at {when}{status}: would change {changes}, {errors} errors</source>
        <translation>Förhandsgranskning {id} {when}{status}: skulle ändra {changes}, {errors} fel</translation>
    </message>
    <message>
        <location line="-39"/>
        <source>Changes and errors per run</source>
        <translation>Ändringar och fel per körning</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>not started</source>
        <translation>inte startad</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Run {id} at {when}{status}: changed {changes}, {errors} errors</source>
        <translation>Körning {id} {when}{status}: ändrade {changes}, {errors} fel</translation>
    </message>
</context>
<context>
    <name>Safety</name>
    <message>
        <location filename="../../desktop_app/ui/conflicts/safety.py" line="+41"/>
        <source>A sync is waiting for you: it would change {n} legal basis</source>
        <translation>En synk väntar på dig: den skulle ändra {n} rättslig grund</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A sync is waiting for you: it would change {n} legal bases</source>
        <translation>En synk väntar på dig: den skulle ändra {n} rättsliga grunder</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>{n} withdrawal would be reversed and waits for your review</source>
        <translation>{n} återkallande skulle upphävas och väntar på din granskning</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{n} withdrawals would be reversed and wait for your review</source>
        <translation>{n} återkallanden skulle upphävas och väntar på din granskning</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>{n} contact keeps being changed back: another sync or an import may be running on the same systems</source>
        <translation>{n} kontakt ändras hela tiden tillbaka: en annan synk eller en import kan köras mot samma system</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{n} contacts keep being changed back: another sync or an import may be running on the same systems</source>
        <translation>{n} kontakter ändras hela tiden tillbaka: en annan synk eller en import kan köras mot samma system</translation>
    </message>
</context>
<context>
    <name>SafetyPresenter</name>
    <message>
        <location line="+94"/>
        <source>{n} answer was not recorded: nothing is held for review with the values you saw. Press Preview to see how it stands now.</source>
        <translation>{n} svar sparades inte: inget väntar på granskning med de värden du såg. Tryck på Förhandsgranska för att se hur det ser ut nu.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{n} answers were not recorded: nothing is held for review with the values you saw. Press Preview to see how they stand now.</source>
        <translation>{n} svar sparades inte: inget väntar på granskning med de värden du såg. Tryck på Förhandsgranska för att se hur de ser ut nu.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>{n} answer was not recorded: its values changed since you looked. Press Preview and answer again.</source>
        <translation>{n} svar sparades inte: värdena har ändrats sedan du tittade. Tryck på Förhandsgranska och svara igen.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{n} answers were not recorded: their values changed since you looked. Press Preview and answer again.</source>
        <translation>{n} svar sparades inte: värdena har ändrats sedan du tittade. Tryck på Förhandsgranska och svara igen.</translation>
    </message>
    <message>
        <location line="+45"/>
        <source>Nothing was recorded. {reason}</source>
        <translation>Inget sparades. {reason}</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>This held sync was already applied. Nothing was discarded.</source>
        <translation>Den kvarhållna synken var redan genomförd. Inget kastades.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>This held sync was already discarded.</source>
        <translation>Den kvarhållna synken var redan kastad.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>This held sync was already replaced by a later sync, which planned afresh. Nothing was discarded.</source>
        <translation>Den kvarhållna synken var redan ersatt av en senare synk, som planerade på nytt. Inget kastades.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>This held sync is no longer in the history. Nothing was discarded.</source>
        <translation>Den kvarhållna synken finns inte längre i historiken. Inget kastades.</translation>
    </message>
</context>
<context>
    <name>ScheduledSendsBox</name>
    <message>
        <location filename="../../desktop_app/ui/send/send_lists.py" line="-138"/>
        <source>Send later</source>
        <translation>Skicka senare</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>When to send, in this computer&apos;s time zone. At that moment the recipients are synced again and checked afresh (R10).</source>
        <translation>När utskicket ska ske, i den här datorns tidszon. Då synkas mottagarna igen och kontrolleras på nytt (R10).</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Schedule</source>
        <translation>Schemalägg</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Send at the chosen time, after a fresh sync of the recipients</source>
        <translation>Skicka vid den valda tiden, efter en ny synk av mottagarna</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>At:</source>
        <translation>Tidpunkt:</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>When</source>
        <translation>När</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Message</source>
        <translation>Meddelande</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Recipients</source>
        <translation>Mottagare</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>State</source>
        <translation>Läge</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>No sends are scheduled.</source>
        <translation>Inga utskick är schemalagda.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Send now</source>
        <translation>Skicka nu</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Send the selected due send now, after a fresh sync</source>
        <translation>Skicka det markerade förfallna utskicket nu, efter en ny synk</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancel send</source>
        <translation>Avbryt utskicket</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cancel the selected scheduled send; nothing is sent</source>
        <translation>Avbryt det markerade schemalagda utskicket; inget skickas</translation>
    </message>
    <message>
        <location line="+42"/>
        <source>Due: sending after a fresh sync</source>
        <translation>Förfallet: skickas efter en ny synk</translation>
    </message>
</context>
<context>
    <name>SendController</name>
    <message>
        <location filename="../../desktop_app/ui/send/service_calls.py" line="+33"/>
        <source>A sync is running; Check recipients is possible again when it has finished.</source>
        <translation>En synk pågår; Kontrollera mottagare går att använda igen när den är klar.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Legal basis sync is off because {reason}, so no Checklist can be made and nothing is sent. Switch it on in Settings.</source>
        <translation>Legal basis-synken är avstängd eftersom {reason}, så ingen checklista kan tas fram och inget skickas. Slå på den under Inställningar.</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/send/presenter.py" line="+167"/>
        <source>Syncing the recipients&apos; legal basis…</source>
        <translation>Synkar mottagarnas rättsliga grund…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sending…</source>
        <translation>Skickar…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sending a scheduled send…</source>
        <translation>Skickar ett schemalagt utskick…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Checking the rest again, then sending…</source>
        <translation>Kontrollerar resten igen och skickar sedan…</translation>
    </message>
    <message>
        <location line="+130"/>
        <source>Nothing was sent. Check recipients again before another try.</source>
        <translation>Inget skickades. Kontrollera mottagarna igen innan du försöker på nytt.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Launched. Check recipients again for another send.</source>
        <translation>Utskicket har startat. Kontrollera mottagare igen för ett nytt utskick.</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>The message or the recipients changed since this check: press Check recipients again.</source>
        <translation>Meddelandet eller mottagarna har ändrats sedan kontrollen: tryck på Kontrollera mottagare igen.</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>A sync found changes since this check: press Check recipients again.</source>
        <translation>En synk har hittat ändringar sedan kontrollen: tryck på Kontrollera mottagare igen.</translation>
    </message>
    <message>
        <location line="-34"/>
        <source>Everybody allowed on this Checklist already got the message in the last 24 hours.</source>
        <translation>Alla som får ta emot meddelandet enligt den här Checklistan har redan fått det under de senaste 24 timmarna.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Nobody on this Checklist may get the message.</source>
        <translation>Ingen på den här Checklistan får ta emot meddelandet.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>The settings changed since this check: press Check recipients again.</source>
        <translation>Inställningarna har ändrats sedan kontrollen: tryck på Kontrollera mottagare igen.</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>Press Check recipients first: nothing is sent without a Checklist (R4).</source>
        <translation>Tryck på Kontrollera mottagare först: inget skickas utan en Checklista (R4).</translation>
    </message>
    <message>
        <location line="+72"/>
        <source>The recent sends could not be read: {why}</source>
        <translation>De senaste utskicken kunde inte läsas: {why}</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>Send {send} has nothing left to send.</source>
        <translation>Utskick {send} har inget kvar att skicka.</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>Nothing more was sent: {why}</source>
        <translation>Inget mer skickades: {why}</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/send/scheduling.py" line="+84"/>
        <source>Scheduled for {when}.</source>
        <translation>Schemalagt till {when}.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>The scheduled sends could not be read: {why}</source>
        <translation>De schemalagda utskicken kunde inte läsas: {why}</translation>
    </message>
    <message>
        <location line="+48"/>
        <source>Due: send now or cancel</source>
        <translation>Förfallet: skicka nu eller avbryt</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The sends that fell due wait here: select one and press Send now or Cancel send.</source>
        <translation>Förfallna utskick väntar här: markera ett och tryck på Skicka nu eller Avbryt utskicket.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>That send is going out right now; press Cancel to stop it.</source>
        <translation>Det utskicket går ut just nu; tryck på Avbryt för att stoppa det.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Scheduled send cancelled; nothing was sent.</source>
        <translation>Det schemalagda utskicket avbröts; inget skickades.</translation>
    </message>
    <message>
        <location line="+85"/>
        <source>Waits for {system} ({time} UTC)</source>
        <translation>Väntar på {system} ({time} UTC)</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Waits for a service&apos;s pause</source>
        <translation>Väntar på en tjänsts paus</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/send/presenter.py" line="-83"/>
        <location filename="../../desktop_app/ui/send/scheduling.py" line="-126"/>
        <source>Not sent: {why}</source>
        <translation>Inte skickat: {why}</translation>
    </message>
    <message>
        <location line="-206"/>
        <source>The eMarketeer list holds no addresses: there is nobody to send to.</source>
        <translation>Listan i eMarketeer innehåller inga adresser: det finns ingen att skicka till.</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/send/scheduling.py" line="+82"/>
        <source>A scheduled send ({label}) could not start: {why}</source>
        <translation>Ett schemalagt utskick ({label}) kunde inte starta: {why}</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>A scheduled send ({label}) was not sent yet: {system} asked to wait until {time} UTC. It goes after that time, after a fresh sync.</source>
        <translation>Ett schemalagt utskick ({label}) har inte skickats än: {system} bad oss vänta till {time} UTC. Det går iväg efter den tiden, efter en ny synk.</translation>
    </message>
    <message>
        <location line="+7"/>
        <location line="+7"/>
        <source>A scheduled send ({label}) was not sent: {why}</source>
        <translation>Ett schemalagt utskick ({label}) skickades inte: {why}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>It is tried again in {n} minutes.</source>
        <translation>Ett nytt försök görs om {n} minuter.</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/send/presenter.py" line="+335"/>
        <source>The send-time sync kept no details to show.</source>
        <translation>Synken vid utskicket sparade inga detaljer att visa.</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/send/service_calls.py" line="+23"/>
        <source>Something unexpected went wrong ({kind}); the details are in the log file.</source>
        <translation>Något oväntat gick fel ({kind}); detaljerna finns i loggfilen.</translation>
    </message>
</context>
<context>
    <name>SendForm</name>
    <message>
        <location filename="../../desktop_app/ui/send/form.py" line="+63"/>
        <source>E-mail</source>
        <translation>E-post</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>SMS</source>
        <translation>SMS-meddelande</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>e.g. 1234</source>
        <translation>t.ex. 1234</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The id of the e-mail or SMS message (component) in eMarketeer</source>
        <translation>Id för e-post- eller SMS-meddelandet (komponenten) i eMarketeer</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Message</source>
        <translation>Meddelande</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Send as:</source>
        <translation>Skicka som:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>eMarketeer component id:</source>
        <translation>Komponent-id i eMarketeer:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>eMarketeer list</source>
        <translation>Lista i eMarketeer</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A contact list in eMarketeer</source>
        <translation>En kontaktlista i eMarketeer</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pasted addresses</source>
        <translation>Inklistrade adresser</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>CSV file</source>
        <translation>CSV-fil</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The contact lists in eMarketeer, with how many contacts each holds in brackets</source>
        <translation>Kontaktlistorna i eMarketeer, med antalet kontakter i varje lista inom parentes</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Reload</source>
        <translation>Läs om</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Read the contact lists from eMarketeer again</source>
        <translation>Läs kontaktlistorna från eMarketeer igen</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>One address per line, or separated by commas or semicolons.
“Anna Svensson &lt;anna@example.se&gt;” works too.</source>
        <translation>En adress per rad, eller åtskilda med komma eller semikolon.
“Anna Svensson &lt;anna@example.se&gt;” fungerar också.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>A CSV file with a column named email</source>
        <translation>CSV-fil med kolumnen email</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Browse…</source>
        <translation>Bläddra…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Choose a CSV file with the recipients&apos; addresses</source>
        <translation>Välj en CSV-fil med mottagarnas adresser</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Recipients</source>
        <translation>Mottagare</translation>
    </message>
    <message>
        <location line="+75"/>
        <source>{name} ({size})</source>
        <translation>{name} ({size})</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>eMarketeer has no contact lists.</source>
        <translation>eMarketeer har inga kontaktlistor.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Reading the contact lists from eMarketeer…</source>
        <translation>Läser kontaktlistorna från eMarketeer…</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Recipients file</source>
        <translation>Mottagarfil</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>CSV files (*.csv *.txt);;All files (*)</source>
        <translation>CSV-filer (*.csv *.txt);;Alla filer (*)</translation>
    </message>
</context>
<context>
    <name>SendPresenter</name>
    <message>
        <location filename="../../desktop_app/ui/send/wording.py" line="+58"/>
        <source>e-mail</source>
        <translation>e-postmeddelande</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>SMS</source>
        <translation>SMS-meddelande</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{n} recipient</source>
        <translation>{n} mottagare</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>{n} recipients</source>
        <translation>{n} mottagare</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Enter the message&apos;s component id from eMarketeer (a whole number).</source>
        <translation>Ange meddelandets komponent-id från eMarketeer (ett heltal).</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The component id must be a whole number above 0, not “{value}”.</source>
        <translation>Komponent-id måste vara ett heltal större än 0, inte ”{value}”.</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Choose an eMarketeer contact list, or paste addresses, or pick a CSV file.</source>
        <translation>Välj en kontaktlista i eMarketeer, klistra in adresser eller välj en CSV-fil.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The eMarketeer list “{name}” is empty: there is nobody to send to.</source>
        <translation>Listan ”{name}” i eMarketeer är tom: det finns ingen att skicka till.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Paste at least one e-mail address: the list is empty.</source>
        <translation>Klistra in minst en e-postadress: listan är tom.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Choose a CSV file with the recipients&apos; addresses.</source>
        <translation>Välj en CSV-fil med mottagarnas adresser.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The file {name} holds no addresses: there is nobody to send to.</source>
        <translation>Filen {name} innehåller inga adresser: det finns ingen att skicka till.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Choose where the recipients come from.</source>
        <translation>Välj var mottagarna ska hämtas från.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The time has no time zone.</source>
        <translation>Tiden saknar tidszon.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Choose a time at least a minute from now; to send at once, check the recipients and press Launch.</source>
        <translation>Välj en tid minst en minut fram; för att skicka direkt, kontrollera mottagarna och tryck på Skicka ut.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Send the {what} (component {component}) to {source} {when}? At that time the recipients&apos; legal basis is synced again and only those allowed then get it (R10).</source>
        <translation>Skicka {what} (komponent {component}) till {source} {when}? Då synkas mottagarnas rättsliga grund igen och bara de som är tillåtna då får det (R10).</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>the eMarketeer list “{name}” ({size})</source>
        <translation>listan ”{name}” i eMarketeer ({size})</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>an eMarketeer list</source>
        <translation>en lista i eMarketeer</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{n} address from {file}</source>
        <translation>{n} adress från {file}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{n} addresses from {file}</source>
        <translation>{n} adresser från {file}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{n} pasted address</source>
        <translation>{n} inklistrad adress</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>{n} pasted addresses</source>
        <translation>{n} inklistrade adresser</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>Withdrawal waiting for review</source>
        <translation>Återkallande väntar på granskning</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Marketing sendouts withdrawn</source>
        <translation>Marknadsutskick återkallat</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No legal basis for Marketing sendouts</source>
        <translation>Ingen rättslig grund för Marknadsutskick</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Invalid e-mail address</source>
        <translation>Ogiltig e-postadress</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Duplicate address in the list</source>
        <translation>Dubblettadress i listan</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not an eMarketeer contact</source>
        <translation>Inte en kontakt i eMarketeer</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Could not be checked by the sync</source>
        <translation>Kunde inte kontrolleras av synken</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Already got this message in the last 24 hours</source>
        <translation>Har redan fått meddelandet under de senaste 24 timmarna</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Gets it</source>
        <translation>Får det</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Excluded: waiting for review</source>
        <translation>Utesluten: väntar på granskning</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Excluded: withdrawn</source>
        <translation>Utesluten: återkallat</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Excluded: no legal basis</source>
        <translation>Utesluten: ingen rättslig grund</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Excluded: invalid address</source>
        <translation>Utesluten: ogiltig adress</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Excluded: duplicate</source>
        <translation>Utesluten: dubblett</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Excluded: not in eMarketeer</source>
        <translation>Utesluten: finns inte i eMarketeer</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Excluded: not checked</source>
        <translation>Utesluten: inte kontrollerad</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Excluded</source>
        <translation>Utesluten</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Nobody of the {recipients} may get this {what}: nothing can be launched.</source>
        <translation>Ingen av de {recipients} får ta emot detta {what}: inget kan skickas ut.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{allowed} of {recipients} may get this {what}; {excluded} excluded.</source>
        <translation>{allowed} av {recipients} får ta emot detta {what}; {excluded} utesluts.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{allowed} of {recipients} may get this {what}; nobody excluded.</source>
        <translation>{allowed} av {recipients} får ta emot detta {what}; ingen utesluts.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Sync run {run} checked these recipients in both systems{at}.</source>
        <translation>Synkkörning {run} kontrollerade de här mottagarna i båda systemen{at}.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>A sync checked these recipients in both systems{at}.</source>
        <translation>En synk kontrollerade de här mottagarna i båda systemen{at}.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>It changed the legal basis of {recipients} to bring both systems in step.</source>
        <translation>Den ändrade den rättsliga grunden för {recipients} för att få systemen i takt.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Both systems already agreed: it changed nothing.</source>
        <translation>Systemen var redan överens: den ändrade ingenting.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{n} conflict was decided by the more restrictive value (R13).</source>
        <translation>{n} konflikt avgjordes av det mer restriktiva värdet (R13).</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{n} conflicts were decided by the more restrictive value (R13).</source>
        <translation>{n} konflikter avgjordes av det mer restriktiva värdet (R13).</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Send the {what} (component {component}) to {recipients} now?</source>
        <translation>Skicka {what} (komponent {component}) till {recipients} nu?</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The {n} excluded recipient will not get it.</source>
        <translation>Den {n} uteslutna mottagaren får det inte.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The {n} excluded recipients will not get it.</source>
        <translation>De {n} uteslutna mottagarna får det inte.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>A second time: {names} already got {message} {when} (send {send}).</source>
        <translation>En andra gång: {names} fick redan {message} {when} (utskick {send}).</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Perhaps a second time: {names} may have got {message} in send {send} (eMarketeer&apos;s answer was lost).</source>
        <translation>Kanske en andra gång: {names} kan ha fått {message} i utskick {send} (svaret från eMarketeer gick förlorat).</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>This cannot be undone.</source>
        <translation>Det går inte att ångra.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>This Checklist was made {when}; press Check recipients again so that the legal bases are checked as they are now.</source>
        <translation>Den här Checklistan gjordes {when}; tryck på Kontrollera mottagare igen så att de rättsliga grunderna kontrolleras som de är nu.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Launch sends the {what} to these {count} only.</source>
        <translation>Skicka ut skickar {what} till bara de här {count}.</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/send/send_words.py" line="+83"/>
        <location filename="../../desktop_app/ui/send/wording.py" line="+9"/>
        <source>{n} accepted by eMarketeer</source>
        <translation>{n} godkända av eMarketeer</translation>
    </message>
    <message>
        <location line="-39"/>
        <location line="+41"/>
        <location filename="../../desktop_app/ui/send/wording.py" line="+2"/>
        <source>{n} rejected</source>
        <translation>{n} avvisade</translation>
    </message>
    <message>
        <location line="-37"/>
        <location filename="../../desktop_app/ui/send/wording.py" line="+2"/>
        <source>{n} not sent</source>
        <translation>{n} inte skickade</translation>
    </message>
    <message>
        <location line="-2"/>
        <location line="+45"/>
        <location filename="../../desktop_app/ui/send/wording.py" line="+2"/>
        <source>{n} with no answer</source>
        <translation>{n} utan svar</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/send/wording.py" line="+1"/>
        <source>Sent: {parts}.</source>
        <translation>Skickat: {parts}.</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/send/send_words.py" line="+21"/>
        <location filename="../../desktop_app/ui/send/wording.py" line="+10"/>
        <source>Rejected: {email}: {reason}</source>
        <translation>Avvisad: {email}: {reason}</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/send/wording.py" line="+3"/>
        <source>… and {n} more rejected (all in the history).</source>
        <translation>… och {n} till avvisade (alla finns i historiken).</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>No answer for {n} ({who}): eMarketeer may or may not have sent it to them, so they are not sent again automatically. To find out, look these addresses up in eMarketeer (the message&apos;s sending report, or each contact&apos;s activity). To send to those who did not get it, check them as a new send and tick “Send to them again as well”.</source>
        <translation>Inget svar för {n} ({who}): eMarketeer kan ha skickat till dem eller inte, så de får det inte igen automatiskt. Ta reda på det genom att slå upp adresserna i eMarketeer (meddelandets utskicksrapport eller varje kontakts aktivitet). Skicka till dem som inte fick det genom att kontrollera dem som ett nytt utskick och kryssa i ”Skicka till dem igen också”.</translation>
    </message>
    <message>
        <location line="+107"/>
        <source>and {n} more</source>
        <translation>och {n} till</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/send/send_words.py" line="+27"/>
        <location filename="../../desktop_app/ui/send/wording.py" line="-82"/>
        <source>{what} {component}</source>
        <translation>{what} {component}</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/send/wording.py" line="-187"/>
        <source>Left out: sent recently</source>
        <translation>Utelämnad: nyligen skickat</translation>
    </message>
    <message>
        <location line="+149"/>
        <source>Not sent ({n}): {who}. They did not get it; press Send the rest to send it to them after a fresh check of their legal basis.</source>
        <translation>Inte skickade ({n}): {who}. De fick det inte; tryck på Skicka resten för att skicka till dem efter en ny kontroll av deras rättsliga grund.</translation>
    </message>
    <message>
        <location line="+51"/>
        <source>{n} of these recipients already got {message} {when} (send {send}).</source>
        <translation>{n} av de här mottagarna fick redan {message} {when} (utskick {send}).</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{n} may have got {message} in send {send}: eMarketeer&apos;s answer was lost.</source>
        <translation>{n} kan ha fått {message} i utskick {send}: svaret från eMarketeer gick förlorat.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Launch sends it to this recipient a second time.</source>
        <translation>Skicka ut skickar det till den här mottagaren en andra gång.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Launch sends it to these {n} recipients a second time.</source>
        <translation>Skicka ut skickar det till de här {n} mottagarna en andra gång.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>This recipient is left out of this send unless you tick the box.</source>
        <translation>Den här mottagaren utelämnas ur utskicket om du inte kryssar i rutan.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>These {n} recipients are left out of this send unless you tick the box.</source>
        <translation>De här {n} mottagarna utelämnas ur utskicket om du inte kryssar i rutan.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Already got {message} {when} (send {send}); left out so that nobody gets it twice.</source>
        <translation>Fick redan {message} {when} (utskick {send}); utelämnad så att ingen får det två gånger.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>May already have got {message} (send {send}: eMarketeer&apos;s answer was lost); left out so that nobody gets it twice.</source>
        <translation>Kan redan ha fått {message} (utskick {send}: svaret från eMarketeer gick förlorat); utelämnad så att ingen får det två gånger.</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/send/send_words.py" line="-109"/>
        <source>Sent</source>
        <translation>Skickat</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Partly sent</source>
        <translation>Delvis skickat</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not sent</source>
        <translation>Inte skickat</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>{message} (send {send})</source>
        <translation>{message} (utskick {send})</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{n} accepted</source>
        <translation>{n} godkända</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Send the rest of send {send} ({message})? Its {n} recipient that was not sent is checked again in both systems first (R4), and gets it only if still allowed.</source>
        <translation>Skicka resten av utskick {send} ({message})? Dess {n} mottagare som inte fick det kontrolleras först igen i båda systemen (R4) och får det bara om det fortfarande är tillåtet.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Send the rest of send {send} ({message})? Its {n} recipients that were not sent are checked again in both systems first (R4), and only those still allowed get it.</source>
        <translation>Skicka resten av utskick {send} ({message})? Dess {n} mottagare som inte fick det kontrolleras först igen i båda systemen (R4), och bara de som fortfarande är tillåtna får det.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Those who got it already, or may have (no answer from eMarketeer), are not sent it again.</source>
        <translation>De som redan fått det, eller kan ha fått det (inget svar från eMarketeer), får det inte igen.</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>{n} excluded when checked again</source>
        <translation>{n} uteslutna vid den nya kontrollen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{n} left out: already got it</source>
        <translation>{n} utelämnade: har redan fått det</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{n} still not sent</source>
        <translation>{n} fortfarande inte skickade</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The rest of send {send}: {parts}.</source>
        <translation>Resten av utskick {send}: {parts}.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Over the whole send: {accepted} accepted, {rejected} rejected, {unknown} with no answer, {not_sent} not sent.</source>
        <translation>För hela utskicket: {accepted} godkända, {rejected} avvisade, {unknown} utan svar, {not_sent} inte skickade.</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Excluded when checked again ({n}): {who}. Their legal basis no longer allows it (see the history).</source>
        <translation>Uteslutna vid den nya kontrollen ({n}): {who}. Deras rättsliga grund tillåter det inte längre (se historiken).</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Left out ({n}): {who}. Another send of this message reached them meanwhile.</source>
        <translation>Utelämnade ({n}): {who}. Ett annat utskick av meddelandet nådde dem under tiden.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Still not sent ({n}): {who}. Press Send the rest again later.</source>
        <translation>Fortfarande inte skickade ({n}): {who}. Tryck på Skicka resten igen senare.</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Due</source>
        <translation>Förfallet</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Waiting</source>
        <translation>Väntar</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>A scheduled send fell due</source>
        <translation>Ett schemalagt utskick har förfallit</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{n} scheduled sends fell due</source>
        <translation>{n} schemalagda utskick har förfallit</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>while Legal Basis Sync was not running, so nothing was sent. Choose for each: send now, after a fresh sync of its recipients&apos; legal basis (R10), or cancel it.</source>
        <translation>medan Legal Basis Sync inte kördes, så inget skickades. Välj för vart och ett: skicka nu, efter en ny synk av mottagarnas rättsliga grund (R10), eller avbryt det.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>{message} to {recipients}, due {when}</source>
        <translation>{message} till {recipients}, förfaller {when}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Scheduled send ({label}): {outcome}</source>
        <translation>Schemalagt utskick ({label}): {outcome}</translation>
    </message>
</context>
<context>
    <name>SendView</name>
    <message>
        <location filename="../../desktop_app/ui/send/view.py" line="+118"/>
        <source>Check recipients</source>
        <translation>Kontrollera mottagare</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Sync these recipients&apos; legal basis in both systems now and show who may get the message (the Checklist). Nothing is sent.</source>
        <translation>Synka de här mottagarnas rättsliga grund i båda systemen nu och visa vem som får ta emot meddelandet (Checklist). Inget skickas.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Cancel</source>
        <translation>Avbryt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stop the check or the send that is going</source>
        <translation>Stoppa kontrollen eller utskicket som pågår</translation>
    </message>
    <message>
        <location line="+161"/>
        <source>Send the rest…</source>
        <translation>Skicka resten…</translation>
    </message>
    <message>
        <location line="-118"/>
        <source>Checklist</source>
        <translation>Checklist</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Show every recipient</source>
        <translation>Visa alla mottagare</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Off: only the excluded recipients, and those the sync changed</source>
        <translation>Av: bara uteslutna mottagare och de som synken ändrade</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open in conflict view</source>
        <translation>Öppna i konfliktvyn</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Show the selected recipient&apos;s legal basis in both systems, as the send-time sync read and decided it (double-click works too)</source>
        <translation>Visa den markerade mottagarens rättsliga grund i båda systemen, så som synken vid utskicket läste och beslutade den (dubbelklick fungerar också)</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>Sync changed</source>
        <translation>Synken ändrade</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Launch…</source>
        <translation>Skicka ut…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Send the message to the recipients the Checklist allows, now</source>
        <translation>Skicka meddelandet nu till de mottagare som Checklistan tillåter</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Send to them again as well</source>
        <translation>Skicka till dem igen också</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Off: those who got this message in the last 24 hours are left out, so nobody gets it twice</source>
        <translation>Av: de som fått meddelandet under de senaste 24 timmarna utelämnas, så att ingen får det två gånger</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Check the recipients this send did not reach again, then send it to those still allowed. Those who got it, or may have, are not sent it again.</source>
        <translation>Kontrollera mottagarna som utskicket inte nådde igen och skicka sedan till dem som fortfarande är tillåtna. De som fått det, eller kan ha fått det, får det inte igen.</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>Choose the message and the recipients, then press Check recipients.

Their legal basis is synced between SuperOffice and eMarketeer first (R3, R4); the Checklist then shows who may get the message, who is excluded and why, and what the sync changed. Nothing is sent before you press Launch.</source>
        <translation>Välj meddelandet och mottagarna och tryck sedan på Kontrollera mottagare.

Deras rättsliga grund synkas först mellan SuperOffice och eMarketeer (R3, R4); Checklistan visar sedan vem som får ta emot meddelandet, vem som utesluts och varför, och vad synken ändrade. Inget skickas förrän du trycker på Skicka ut.</translation>
    </message>
    <message>
        <location line="+154"/>
        <source>Excluded, by reason:</source>
        <translation>Uteslutna, per orsak:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Nobody is excluded.</source>
        <translation>Ingen utesluts.</translation>
    </message>
    <message>
        <location line="+83"/>
        <source>Launch the send</source>
        <translation>Starta utskicket</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Send</source>
        <translation>Skicka</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Send the rest</source>
        <translation>Skicka resten</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Schedule the send</source>
        <translation>Schemalägg utskicket</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Select a recipient to read the reason, and what the sync changed, in full.</source>
        <translation>Markera en mottagare för att läsa orsaken, och vad synken ändrade, i sin helhet.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Changed by the send-time sync:</source>
        <translation>Ändrat av synken vid utskicket:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The sync decided a conflict for this recipient (R13): the more restrictive value won.</source>
        <translation>Synken avgjorde en konflikt för den här mottagaren (R13): det mer restriktiva värdet vann.</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/send/checklist_model.py" line="+75"/>
        <source>{n} change</source>
        <translation>{n} ändring</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>{n} changes</source>
        <translation>{n} ändringar</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>conflict</source>
        <translation>konflikt</translation>
    </message>
</context>
<context>
    <name>Sentences</name>
    <message>
        <location filename="../../desktop_app/domain/messages.py" line="+12"/>
        <source>Loading SuperOffice lists and eMarketeer master data</source>
        <translation>Läser in SuperOffice-listor och eMarketeers grunddata</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Deciding</source>
        <translation>Avgör vad som ska skrivas</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Finished</source>
        <translation>Klar</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reading SuperOffice e-mail addresses</source>
        <translation>Läser e-postadresser i SuperOffice</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reading SuperOffice consents ({n} addresses)</source>
        <translation>Läser samtycken i SuperOffice ({n} adresser)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reading eMarketeer contacts</source>
        <translation>Läser kontakter i eMarketeer</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reading eMarketeer consents ({n} contacts)</source>
        <translation>Läser samtycken i eMarketeer ({n} kontakter)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reading what changed in {system}</source>
        <translation>Läser vad som har ändrats i {system}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reading {n} addresses in {system}</source>
        <translation>Läser {n} adresser i {system}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reading what changed in {system} (for {n} addresses)</source>
        <translation>Läser vad som har ändrats i {system} (för {n} adresser)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reading eMarketeer&apos;s consents (for {n} addresses)</source>
        <translation>Läser eMarketeers samtycken (för {n} adresser)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Written {done} of {total} planned changes</source>
        <translation>{done} av {total} planerade ändringar skrivna</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{message} The run stopped; what was done is recorded.</source>
        <translation>{message} Körningen stoppades; det som gjordes är registrerat.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Unexpected error: {error}</source>
        <translation>Oväntat fel: {error}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Checked after an interrupted run: {why}.</source>
        <translation>Kontrollerat efter en avbruten körning: {why}.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>SuperOffice holds the decided value</source>
        <translation>SuperOffice har det beslutade värdet</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>SuperOffice still holds the value it held before</source>
        <translation>SuperOffice har kvar värdet det hade innan</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>SuperOffice holds neither the decided value nor the one it held before: the write may have landed and been changed since</source>
        <translation>SuperOffice har varken det beslutade värdet eller det värde det hade innan: skrivningen kan ha kommit fram och ändrats sedan dess</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>written to eMarketeer, but not in effect: eMarketeer keeps its record dated {at} as the current one, which is later than its own time of this write; the next sync decides this contact again</source>
        <translation>skrivet till eMarketeer men inte gällande: eMarketeer behåller sin post daterad {at} som den gällande, och den är senare än eMarketeers egen tid för den här skrivningen; nästa synk avgör kontakten på nytt</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{system} asked to wait until {time} UTC (Retry-After {seconds} s); the run stopped and will resume after that.</source>
        <translation>{system} bad oss vänta till {time} UTC (Retry-After {seconds} s); körningen stoppades och fortsätter efter det.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{system} asked to wait until {time} UTC; no sync starts before then.</source>
        <translation>{system} bad oss vänta till {time} UTC; ingen synk startar före dess.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{system} asked to wait until {time} UTC</source>
        <translation>{system} bad oss vänta till {time} UTC</translation>
    </message>
    <message>
        <location line="-27"/>
        <source>eMarketeer has the record with this write&apos;s token</source>
        <translation>eMarketeer har posten med den här skrivningens märke</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>no eMarketeer record carries this write&apos;s token</source>
        <translation>ingen post i eMarketeer bär den här skrivningens märke</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the contact no longer exists</source>
        <translation>kontakten finns inte längre</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>writing {system} failed: {message}</source>
        <translation>skrivningen till {system} misslyckades: {message}</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>{system} asked to wait until {time} UTC, so the check of {system} waits until then; run it again after that time.</source>
        <translation>{system} bad oss vänta till {time} UTC, så kontrollen av {system} väntar till dess; kör den igen efter den tiden.</translation>
    </message>
    <message>
        <location line="+105"/>
        <source>The file {path} does not exist.</source>
        <translation>Filen {path} finns inte.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{path} is a folder, not a CSV file.</source>
        <translation>{path} är en mapp, inte en CSV-fil.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The file {path} could not be read: {why}.</source>
        <translation>Filen {path} kunde inte läsas: {why}.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The file {file} is not a text (CSV) file; save it as CSV UTF-8 (comma delimited) and choose it again.</source>
        <translation>Filen {file} är ingen textfil (CSV); spara den som CSV UTF-8 (kommaavgränsad) och välj den igen.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The file {file} is empty.</source>
        <translation>Filen {file} är tom.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The file {file} is not a valid CSV file ({why}).</source>
        <translation>Filen {file} är ingen giltig CSV-fil ({why}).</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The file {file} has no e-mail column: name one &apos;email&apos;, or put the addresses in a column.</source>
        <translation>Filen {file} har ingen kolumn med e-postadresser: döp en kolumn till &apos;email&apos;, eller lägg adresserna i en kolumn.</translation>
    </message>
    <message>
        <location line="+58"/>
        <source>A sync found the legal basis of {n} of these recipients (such as {email}) changed after the Checklist was made; check the recipients again before launching. Nothing was sent.</source>
        <translation>En synk fann att den rättsliga grunden för {n} av de här mottagarna (till exempel {email}) ändrats efter att Checklistan gjordes; kontrollera mottagarna igen innan du skickar ut. Inget skickades.</translation>
    </message>
    <message>
        <location line="+77"/>
        <source>stopped by {what}</source>
        <translation>stoppad av {what}</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>invalid e-mail address {address}</source>
        <translation>ogiltig e-postadress {address}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>e-mail address missing</source>
        <translation>e-postadress saknas</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>e-mail address is not text</source>
        <translation>e-postadressen är inte text</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>e-mail address is empty</source>
        <translation>e-postadressen är tom</translation>
    </message>
    <message>
        <location filename="../../desktop_app/domain/service_kinds.py" line="+131"/>
        <source>SuperOffice person {id}: {why}</source>
        <translation>SuperOffice-person {id}: {why}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>eMarketeer contact {id}: {why}</source>
        <translation>eMarketeer-kontakt {id}: {why}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>eMarketeer consent: {why}</source>
        <translation>eMarketeer-samtycke: {why}</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>an eMarketeer consent record has no key (e-mail); skipped</source>
        <translation>en samtyckespost i eMarketeer saknar nyckel (e-postadress); hoppades över</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>eMarketeer consent record for {email} has an unknown purpose {purpose}; skipped</source>
        <translation>samtyckesposten i eMarketeer för {email} har ett okänt ändamål {purpose}; hoppades över</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>eMarketeer contact {id} has no e-mail address; skipped</source>
        <translation>eMarketeer-kontakt {id} saknar e-postadress; hoppades över</translation>
    </message>
    <message>
        <location line="-20"/>
        <source>SuperOffice e-mail row {id} has no person id; skipped</source>
        <translation>e-postraden {id} i SuperOffice saknar person-id; hoppades över</translation>
    </message>
    <message>
        <location line="+326"/>
        <source>The sync stopped because of an unexpected error ({error}); the details are in the log file.</source>
        <translation>Synken stoppades av ett oväntat fel ({error}); detaljerna finns i loggfilen.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The history database could not be opened ({error}).</source>
        <translation>Historikdatabasen kunde inte öppnas ({error}).</translation>
    </message>
    <message>
        <location line="-16"/>
        <source>Another sync is already running on the data directory {path} (process {pid}); try again when it has finished.</source>
        <translation>En annan synk körs redan i datakatalogen {path} (process {pid}); försök igen när den är klar.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Another sync is already running on the data directory {path}; try again when it has finished.</source>
        <translation>En annan synk körs redan i datakatalogen {path}; försök igen när den är klar.</translation>
    </message>
    <message>
        <location filename="../../desktop_app/domain/messages.py" line="+15"/>
        <source>{system} refused the credentials (HTTP 401); sign in again or check the user name, password or API key.</source>
        <translation>{system} godtog inte inloggningsuppgifterna (HTTP 401); logga in igen eller kontrollera användarnamn, lösenord eller API-nyckel.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{system} refused the request (HTTP 403): the user or API key lacks the rights to read or write consents.</source>
        <translation>{system} nekade begäran (HTTP 403): användaren eller API-nyckeln saknar behörighet att läsa eller skriva samtycken.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{system} has nothing at this address (HTTP 404): check the address in Settings.</source>
        <translation>{system} har ingenting på den här adressen (HTTP 404): kontrollera adressen i Inställningar.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{system} rejected the request (HTTP {status}): {vendor}</source>
        <translation>{system} avvisade begäran (HTTP {status}): {vendor}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{system} rejected the request (HTTP {status})</source>
        <translation>{system} avvisade begäran (HTTP {status})</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cancelled by the user.</source>
        <translation>Avbrutet av användaren.</translation>
    </message>
    <message>
        <location line="-61"/>
        <source>cancelled by the user</source>
        <translation>avbrutet av användaren</translation>
    </message>
    <message>
        <location line="+62"/>
        <source>{system} answered that this tenant is served from another host (HTTP 421) and looking it up again did not help.</source>
        <translation>{system} svarade att kundmiljön nu finns på en annan server (HTTP 421), och en ny uppslagning hjälpte inte.</translation>
    </message>
    <message>
        <location filename="../../desktop_app/domain/service_kinds.py" line="-453"/>
        <source>The {system} API key contains characters that cannot be sent; enter it again.</source>
        <translation>API-nyckeln för {system} innehåller tecken som inte kan skickas; ange den igen.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The {system} sign-in token or password contains characters that cannot be sent; enter it again.</source>
        <translation>Inloggningstoken eller lösenordet för {system} innehåller tecken som inte kan skickas; ange det igen.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{system} may or may not have saved a change ({fault}); it was not sent again, to avoid saving it twice.</source>
        <translation>Det är oklart om {system} sparade en ändring ({fault}); den skickades inte igen, för att den inte ska sparas två gånger.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No {system} address is configured.</source>
        <translation>Ingen adress till {system} är inställd.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The {system} address must start with https:// or http://.</source>
        <translation>Adressen till {system} måste börja med https:// eller http://.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The {system} address is not a valid URL.</source>
        <translation>Adressen till {system} är ingen giltig URL.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A request to {system} could not be sent: a setting holds characters that HTTP does not allow.</source>
        <translation>En begäran till {system} kunde inte skickas: en inställning innehåller tecken som HTTP inte tillåter.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{system} answered with a redirect (HTTP {status}) to {target}; check the {system} address setting.</source>
        <translation>{system} svarade med en omdirigering (HTTP {status}) till {target}; kontrollera inställningen för adressen till {system}.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{system} answered with HTTP {status}: {vendor}</source>
        <translation>{system} svarade med HTTP {status}: {vendor}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{system} answered with HTTP {status}</source>
        <translation>{system} svarade med HTTP {status}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cannot reach {system} at {host}: {reason}. Check the address and the network connection.</source>
        <translation>Kan inte nå {system} på {host}: {reason}. Kontrollera adressen och nätverksanslutningen.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{system} did not answer properly after {n} attempts (last: {fault}); try again later.</source>
        <translation>{system} svarade inte som väntat efter {n} försök (senast: {fault}); försök igen senare.</translation>
    </message>
    <message>
        <location filename="../../desktop_app/domain/messages.py" line="-2"/>
        <source>{system} asked to wait {seconds} s (Retry-After)</source>
        <translation>{system} bad oss vänta {seconds} s (Retry-After)</translation>
    </message>
    <message>
        <location filename="../../desktop_app/domain/service_kinds.py" line="+4"/>
        <source>connecting timed out after {seconds} s</source>
        <translation>anslutningen tog längre tid än {seconds} s</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>no answer within {seconds} s</source>
        <translation>inget svar inom {seconds} s</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>cannot connect: {reason}</source>
        <translation>kan inte ansluta: {reason}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the connection was closed before an answer came</source>
        <translation>anslutningen stängdes innan något svar kom</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the proxy refused the connection</source>
        <translation>proxyservern nekade anslutningen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the answer could not be decoded</source>
        <translation>svaret kunde inte avkodas</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>network error ({error})</source>
        <translation>nätverksfel ({error})</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>HTTP {status} with a body that is not valid JSON</source>
        <translation>HTTP {status} med ett svar som inte är giltig JSON</translation>
    </message>
    <message>
        <location line="-9"/>
        <source>connecting timed out</source>
        <translation>anslutningen tog för lång tid</translation>
    </message>
    <message>
        <location line="-11"/>
        <source>another address</source>
        <translation>en annan adress</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>the whole answer did not come within {seconds} s</source>
        <translation>hela svaret kom inte inom {seconds} s</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>cut off: the run is stopping</source>
        <translation>avbruten: körningen stoppas</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>the host name could not be found</source>
        <translation>värdnamnet kunde inte hittas</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the connection was refused</source>
        <translation>anslutningen nekades</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the network or host is unreachable</source>
        <translation>nätverket eller servern går inte att nå</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the secure connection could not be set up (certificate or TLS problem)</source>
        <translation>den säkra anslutningen kunde inte upprättas (problem med certifikat eller TLS)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>the connection failed</source>
        <translation>anslutningen misslyckades</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{system} does not follow the paging of {endpoint} ({what}), so the read stopped.</source>
        <translation>{system} följer inte sidindelningen för {endpoint} ({what}), så läsningen stoppades.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>page {served} came when page {asked} was asked for</source>
        <translation>sida {served} kom när sida {asked} begärdes</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>page {asked} was the same as the page before it</source>
        <translation>sida {asked} var densamma som sidan före</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{n} items came though it said there were {total}</source>
        <translation>{n} poster kom fast svaret sade att det fanns {total}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>rows up to id {id} came again after them</source>
        <translation>rader till och med id {id} kom igen efter dem</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a full page held only items it had already sent</source>
        <translation>en full sida innehöll bara poster som redan hade skickats</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>No {what} is set ({example}).</source>
        <translation>Ingen {what} är angiven ({example}).</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{what} is not a valid URL ({example}).</source>
        <translation>{what} är ingen giltig URL ({example}).</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{what} must start with https:// and name a host ({example}).</source>
        <translation>{what} måste börja med https:// och ange en server ({example}).</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{what} must not contain a user name or password.</source>
        <translation>{what} får inte innehålla användarnamn eller lösenord.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{what} must not contain ? or # ({example}).</source>
        <translation>{what} får inte innehålla ? eller # ({example}).</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{what} must end in /api/ ({example}).</source>
        <translation>{what} måste sluta med /api/ ({example}).</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>SuperOffice address</source>
        <translation>SuperOffice-adress</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>eMarketeer address</source>
        <translation>eMarketeer-adress</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>eMarketeer consent address</source>
        <translation>samtyckesadress för eMarketeer</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The SuperOffice address</source>
        <translation>SuperOffice-adressen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The eMarketeer address</source>
        <translation>eMarketeer-adressen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The eMarketeer consent address</source>
        <translation>Samtyckesadressen för eMarketeer</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>e.g. {example}</source>
        <translation>t.ex. {example}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>e.g. {example} or {other}</source>
        <translation>t.ex. {example} eller {other}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{first} and {second}</source>
        <translation>{first} och {second}</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>SuperOffice answered person {id}&apos;s consents in an unexpected shape.</source>
        <translation>SuperOffice besvarade samtyckena för person {id} i en oväntad form.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>legal base items</source>
        <translation>rättsliga grunder</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>consent purpose items</source>
        <translation>samtyckesändamål</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>consent source items</source>
        <translation>samtyckeskällor</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>purposes</source>
        <translation>ändamål</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>legal bases</source>
        <translation>rättsliga grunder</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>sources</source>
        <translation>källor</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>a consent row is not an object ({type}); skipped</source>
        <translation>en samtyckesrad är inte ett objekt ({type}); hoppades över</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>an e-mail row is not an object ({type}); skipped</source>
        <translation>en e-postrad är inte ett objekt ({type}); hoppades över</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>an eMarketeer consent record is not an object ({type}); skipped</source>
        <translation>en samtyckespost i eMarketeer är inte ett objekt ({type}); hoppades över</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>an eMarketeer contact is not an object ({type}); skipped</source>
        <translation>en kontakt i eMarketeer är inte ett objekt ({type}); hoppades över</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>consent row {id}</source>
        <translation>samtyckesrad {id}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a consent row without id</source>
        <translation>en samtyckesrad utan id</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>SuperOffice {row} has no person id; skipped</source>
        <translation>SuperOffice: {row} saknar person-id; hoppades över</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>SuperOffice {row} of person {person} has no consent purpose key; skipped</source>
        <translation>SuperOffice: {row} för person {person} saknar nyckel för samtyckesändamål; hoppades över</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>SuperOffice person {person}: e-mail row {id} has no readable rank; skipped</source>
        <translation>SuperOffice-person {person}: e-postraden {id} har ingen läsbar rangordning; hoppades över</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>SuperOffice person {person}: creation time: {error}; treated as unknown when choosing among duplicates</source>
        <translation>SuperOffice-person {person}: skapandetid: {error}; räknas som okänd när en av dubbletterna väljs</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>SuperOffice person {person}: a consent is not an object; skipped</source>
        <translation>SuperOffice-person {person}: ett samtycke är inte ett objekt; hoppades över</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>SuperOffice person {person}: a consent has no purpose key; skipped</source>
        <translation>SuperOffice-person {person}: ett samtycke saknar ändamålsnyckel; hoppades över</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>(no id)</source>
        <translation>(inget id)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>SuperOffice needs a user name and password (on-site) or a sign-in (Online).</source>
        <translation>SuperOffice behöver användarnamn och lösenord (on-site) eller en inloggning (Online).</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>SuperOffice answered that this tenant is served from another host (HTTP 421), and the address holds no tenant id (CustNNNNN) to look the new host up; check the SuperOffice address.</source>
        <translation>SuperOffice svarade att kundmiljön nu finns på en annan server (HTTP 421), och adressen innehåller inget kund-id (CustNNNNN) att slå upp den nya servern med; kontrollera SuperOffice-adressen.</translation>
    </message>
    <message>
        <location line="+53"/>
        <source>The eMarketeer account has no legal basis &apos;{name}&apos;, so it cannot be written.</source>
        <translation>eMarketeer-kontot har ingen rättslig grund &apos;{name}&apos;, så den kan inte skrivas.</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>SuperOffice no longer accepts the refresh token in {variable} (it expired or was revoked); sign in again in the Legal Basis Sync window and put its new refresh token in that variable.</source>
        <translation>SuperOffice godtar inte längre förnyelsetoken i {variable} (den har gått ut eller återkallats); logga in igen i Legal Basis Sync-fönstret och lägg dess nya förnyelsetoken i den variabeln.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>SuperOffice no longer accepts the sign-in saved in the keyring (it expired or was revoked); sign in again in the Legal Basis Sync window (Settings, Sign in to SuperOffice) as this user, or set {variable}.</source>
        <translation>SuperOffice godtar inte längre inloggningen som sparats i nyckelringen (den har gått ut eller återkallats); logga in igen i Legal Basis Sync-fönstret (Inställningar, Logga in i SuperOffice) som den här användaren, eller ange {variable}.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>SuperOffice refused to {what} (HTTP {status}).</source>
        <translation>SuperOffice vägrade att {what} (HTTP {status}).</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>SuperOffice refused to {what} (HTTP {status}) ({code}).</source>
        <translation>SuperOffice vägrade att {what} (HTTP {status}) ({code}).</translation>
    </message>
    <message>
        <location line="-96"/>
        <source>SuperOffice Online does not know the tenant {tenant}; check the SuperOffice address and the environment (online, qaonline or sod).</source>
        <translation>SuperOffice Online känner inte till kunden {tenant}; kontrollera SuperOffice-adressen och miljön (online, qaonline eller sod).</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>The SuperOffice tenant lacks {missing}; legal basis sync needs the built-in purposes STORE and EMARKETING (active) and the legal base WITHDRAWN.</source>
        <translation>SuperOffice-kunden saknar {missing}; legal basis-synken behöver de inbyggda ändamålen STORE och EMARKETING (aktiva) och den rättsliga grunden WITHDRAWN.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The SuperOffice consent source {key} chosen as the write source is not in the tenant&apos;s consent sources (it lists {offered}); choose one in Settings or add it in SuperOffice.</source>
        <translation>SuperOffice-samtyckeskällan {key} som valts som skrivkälla finns inte bland kundens samtyckeskällor (den har {offered}); välj en under Inställningar eller lägg till den i SuperOffice.</translation>
    </message>
    <message>
        <location line="-36"/>
        <source>SuperOffice refused access (HTTP 403): the signed-in user lacks the rights to persons&apos; consents, or the tenant&apos;s licence does not allow this application (a custom application needs the Development Tools licence or the CRM Suite Core plan).</source>
        <translation>SuperOffice nekade åtkomst (HTTP 403): den inloggade användaren saknar rättigheter till personers samtycken, eller så tillåter kundens licens inte den här applikationen (en egen applikation kräver licensen Development Tools eller planen CRM Suite Core).</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>SuperOffice refused access (HTTP 403): the signed-in user lacks the rights to persons&apos; consents, or the tenant&apos;s licence does not allow this application (a custom application needs the Development Tools licence or the CRM Suite Core plan). SuperOffice said: {vendor}</source>
        <translation>SuperOffice nekade åtkomst (HTTP 403): den inloggade användaren saknar rättigheter till personers samtycken, eller så tillåter kundens licens inte den här applikationen (en egen applikation kräver licensen Development Tools eller planen CRM Suite Core). SuperOffice svarade: {vendor}</translation>
    </message>
    <message>
        <location line="-83"/>
        <source>{system} answered {endpoint} without the field {field} ({what}).</source>
        <translation>{system} besvarade {endpoint} utan fältet {field} ({what}).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{system} answered {endpoint} in an unexpected shape (not an object).</source>
        <translation>{system} besvarade {endpoint} i en oväntad form (inte ett objekt).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{system} answered {endpoint} in an unexpected shape (not a list of {items}).</source>
        <translation>{system} besvarade {endpoint} i en oväntad form (inte en lista med {items}).</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>the list of rows</source>
        <translation>listan med rader</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the list of items</source>
        <translation>listan med poster</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the list of consents</source>
        <translation>listan med samtycken</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the list of records</source>
        <translation>listan med samtyckesposter</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the tenant&apos;s address</source>
        <translation>kundens adress</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>{system} answered {endpoint} with the field {field} missing or not of the expected type in at least one record; those records are listed as errors. If this repeats, send the diagnostics file to support.</source>
        <translation>{system} besvarade {endpoint} med fältet {field} saknat eller av fel typ i minst en post; de posterna listas som fel. Om det upprepas, skicka diagnostikfilen till supporten.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{system} answered {endpoint} with the field {field} not an object in at least one record; those records are listed as errors. If this repeats, send the diagnostics file to support.</source>
        <translation>{system} besvarade {endpoint} med fältet {field} som inte är ett objekt i minst en post; de posterna listas som fel. Om det upprepas, skicka diagnostikfilen till supporten.</translation>
    </message>
    <message>
        <location line="+82"/>
        <source>the consent purpose {key}</source>
        <translation>samtyckesändamålet {key}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the consent purpose {key} (it is inactive)</source>
        <translation>samtyckesändamålet {key} (det är inaktivt)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the legal base {key}</source>
        <translation>den rättsliga grunden {key}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>none</source>
        <translation>inga</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>SuperOffice has no person {id}.</source>
        <translation>SuperOffice har ingen person {id}.</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>the purpose &apos;{name}&apos;</source>
        <translation>ändamålet &apos;{name}&apos;</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the legal basis &apos;{name}&apos;</source>
        <translation>den rättsliga grunden &apos;{name}&apos;</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The eMarketeer consent source &apos;{name}&apos; chosen as the write source is not among the account&apos;s consent sources ({offered}); choose one in Settings.</source>
        <translation>eMarketeer-samtyckeskällan &apos;{name}&apos; som valts som skrivkälla finns inte bland kontots samtyckeskällor ({offered}); välj en under Inställningar.</translation>
    </message>
    <message>
        <location line="-11"/>
        <source>eMarketeer refused the API key (HTTP {status}): the key is wrong, missing or revoked; create a key for this app in eMarketeer under Settings, Plugins and integration, and enter it again.</source>
        <translation>eMarketeer godtog inte API-nyckeln (HTTP {status}): nyckeln är fel, saknas eller har återkallats; skapa en nyckel för den här appen i eMarketeer under Inställningar, Plugins och integration, och ange den igen.</translation>
    </message>
    <message>
        <location line="-5"/>
        <source>eMarketeer has no endpoint {path} at {host} (HTTP 403 &quot;Missing Authentication Token&quot;): the eMarketeer address is wrong; leave it empty for eMarketeer&apos;s own hosts.</source>
        <translation>eMarketeer har ingen slutpunkt {path} på {host} (HTTP 403 &quot;Missing Authentication Token&quot;): eMarketeer-adressen är fel; lämna den tom för eMarketeers egna servrar.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>eMarketeer refused the request (HTTP 403): {vendor}</source>
        <translation>eMarketeer nekade begäran (HTTP 403): {vendor}</translation>
    </message>
    <message>
        <location line="-36"/>
        <source>SuperOffice reports the tenant {tenant} as {state}, not running; try again later.</source>
        <translation>SuperOffice anger att kundmiljön {tenant} är {state}, inte i drift; försök igen senare.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The SuperOffice sign-in has expired and could not be renewed; sign in again.</source>
        <translation>Inloggningen i SuperOffice har gått ut och kunde inte förnyas; logga in igen.</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>SuperOffice&apos;s archive returned a full page without usable row ids, so the read cannot go on.</source>
        <translation>SuperOffice arkivsökning gav en full sida utan användbara rad-id, så läsningen kan inte fortsätta.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>No eMarketeer API key is set.</source>
        <translation>Ingen API-nyckel för eMarketeer är angiven.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>The eMarketeer account lacks {missing}; legal basis sync cannot run without it.</source>
        <translation>eMarketeer-kontot saknar {missing}; legal basis-synken kan inte köras utan det.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>eMarketeer has no contact {email}.</source>
        <translation>eMarketeer har ingen kontakt {email}.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>eMarketeer accepted a consent but its answer did not say when it was saved.</source>
        <translation>eMarketeer tog emot ett samtycke men svaret angav inte när det sparades.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>eMarketeer has no contact list {id}.</source>
        <translation>eMarketeer har ingen kontaktlista {id}.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>eMarketeer accepted the send, but its answer could not be read.</source>
        <translation>eMarketeer tog emot utskicket, men dess svar kunde inte läsas.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The SuperOffice sign-in was cancelled.</source>
        <translation>Inloggningen till SuperOffice avbröts.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The SuperOffice Online state address is not a valid http:// or https:// address.</source>
        <translation>Statusadressen för SuperOffice Online är ingen giltig http://- eller https://-adress.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>SuperOffice&apos;s sign-in named no tenant, so the app does not know which server to use.</source>
        <translation>SuperOffices inloggning angav ingen kund (tenant), så appen vet inte vilken server den ska använda.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>SuperOffice&apos;s sign-in answered without an access token.</source>
        <translation>SuperOffice inloggning svarade utan åtkomsttoken.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>renew the sign-in</source>
        <translation>förnya inloggningen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>finish the sign-in</source>
        <translation>slutföra inloggningen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>SuperOffice no longer accepts this sign-in; sign in to SuperOffice again.</source>
        <translation>SuperOffice godtar inte längre den här inloggningen; logga in i SuperOffice igen.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>There is no saved SuperOffice sign-in to renew; sign in to SuperOffice again.</source>
        <translation>Det finns ingen sparad SuperOffice-inloggning att förnya; logga in i SuperOffice igen.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Could not look up which SuperOffice server hosts {tenant}; try again.</source>
        <translation>Kunde inte slå upp vilken SuperOffice-server som har {tenant}; försök igen.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>SuperOffice&apos;s state service does not know the tenant {tenant}.</source>
        <translation>SuperOffice statustjänst känner inte till kundmiljön {tenant}.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The SuperOffice sign-in was not finished in the browser in time; try again.</source>
        <translation>Inloggningen i SuperOffice slutfördes inte i webbläsaren i tid; försök igen.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The sign-in was declined in the browser, so the app has no access to SuperOffice.</source>
        <translation>Inloggningen avböjdes i webbläsaren, så appen har ingen åtkomst till SuperOffice.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>SuperOffice did not complete the sign-in ({error}); try again.</source>
        <translation>SuperOffice slutförde inte inloggningen ({error}); försök igen.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The SuperOffice Online application id is not set; enter it under Advanced first.</source>
        <translation>Applikations-id för SuperOffice Online är inte angivet; ange det först under Avancerat.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Could not listen on {host} for the sign-in&apos;s answer ({error}).</source>
        <translation>Kunde inte lyssna på {host} efter inloggningens svar ({error}).</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>pasted addresses</source>
        <translation>inklistrade adresser</translation>
    </message>
    <message>
        <location line="+179"/>
        <source>Every setting and secret a run needs is there (secrets come from the keyring or the environment).</source>
        <translation>Alla inställningar och hemligheter en körning behöver finns (hemligheterna kommer från nyckelringen eller miljön).</translation>
    </message>
    <message>
        <location line="-1"/>
        <source>The settings are incomplete.</source>
        <translation>Inställningarna är ofullständiga.</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Signed in to SuperOffice at {host}.</source>
        <translation>Inloggad i SuperOffice på {host}.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>An on-site installation: it answered, so it is running.</source>
        <translation>En on-site-installation: den svarade, så den är igång.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>SuperOffice Online reports tenant {tenant} as {state}, with the API available.</source>
        <translation>SuperOffice Online anger kunden {tenant} som {state}, med API:t tillgängligt.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>SuperOffice Online reports tenant {tenant} as {state}, not running: runs will stop until it is running again.</source>
        <translation>SuperOffice Online anger kunden {tenant} som {state}, inte igång: körningar stoppas tills den är igång igen.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>All {n} consent purpose keys the sync uses are there ({keys}).</source>
        <translation>Alla {n} ändamålsnycklar synken använder finns ({keys}).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>All {n} legal base keys the sync uses are there ({keys}).</source>
        <translation>Alla {n} nycklar för rättslig grund som synken använder finns ({keys}).</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The SuperOffice tenant lacks these consent purposes: {missing}; add or reactivate them in SuperOffice&apos;s settings (Lists), keeping the built-in keys.</source>
        <translation>SuperOffice-kunden saknar de här ändamålen: {missing}; lägg till eller återaktivera dem i SuperOffices inställningar (Listor) med de inbyggda nycklarna.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The SuperOffice tenant lacks these legal bases: {missing}; add or reactivate them in SuperOffice&apos;s settings (Lists), keeping the built-in keys.</source>
        <translation>SuperOffice-kunden saknar de här rättsliga grunderna: {missing}; lägg till eller återaktivera dem i SuperOffices inställningar (Listor) med de inbyggda nycklarna.</translation>
    </message>
    <message>
        <location line="-12"/>
        <source>Changes are saved with the consent source {key} ({name}).</source>
        <translation>Ändringar sparas med samtyckeskällan {key} ({name}).</translation>
    </message>
    <message>
        <location line="-473"/>
        <source>{system} sent an answer larger than {mb} MB, far more than any real answer, so it was not read; check the {system} address and any proxy in between.</source>
        <translation>{system} skickade ett svar större än {mb} MB, långt mer än något verkligt svar, så det lästes inte; kontrollera adressen till {system} och eventuell proxy däremellan.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>its answer was larger than {mb} MB</source>
        <translation>dess svar var större än {mb} MB</translation>
    </message>
    <message>
        <location line="+253"/>
        <source>eMarketeer list &apos;{name}&apos; ({size})</source>
        <translation>eMarketeer-listan &apos;{name}&apos; ({size})</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Already got {what} in send {send} at {at}; left out so that nobody gets it twice.</source>
        <translation>Fick redan {what} i utskick {send} {at}; utelämnad så att ingen får det två gånger.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>May already have got {what} in send {send} (eMarketeer&apos;s answer was lost); left out so that nobody gets it twice.</source>
        <translation>Kan redan ha fått {what} i utskick {send} (svaret från eMarketeer gick förlorat); utelämnad så att ingen får det två gånger.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>file {file}</source>
        <translation>filen {file}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>addresses given on the command line</source>
        <translation>adresser angivna på kommandoraden</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{stopped} while batch {k} of {total} was on its way, so its {n} recipients may or may not have been sent to: they are recorded as unknown and are not sent again automatically</source>
        <translation>{stopped} medan omgång {k} av {total} var på väg, så dess {n} mottagare kan ha fått utskicket eller inte: de registreras som okända och skickas inte till igen automatiskt</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{stopped} while the last batch was on its way; its answer came, so the send is complete: sent to {accepted} (rejected {rejected}, unknown {unknown}).</source>
        <translation>{stopped} medan den sista omgången var på väg; dess svar kom, så utskicket är klart: skickat till {accepted} (avvisade {rejected}, okända {unknown}).</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{stopped} before it went; it stays scheduled and goes at the next check for due sends.</source>
        <translation>{stopped} innan det gick iväg; det ligger kvar som schemalagt och går vid nästa kontroll av utskick som ska iväg.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>stopped</source>
        <translation>stoppat</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The list could not be read when the send fell due: {why} It stays scheduled.</source>
        <translation>Listan kunde inte läsas när utskicket skulle iväg: {why} Det ligger kvar som schemalagt.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Last attempt failed: {why} It stays scheduled.</source>
        <translation>Senaste försöket misslyckades: {why} Det ligger kvar som schemalagt.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The app ended after checking the recipients and before sending; it is checked again when it goes.</source>
        <translation>Programmet avslutades efter att mottagarna kontrollerats och innan något skickades; de kontrolleras igen när utskicket går.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Send {send} stays scheduled: {why}</source>
        <translation>Utskick {send} ligger kvar som schemalagt: {why}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The list was empty when the send fell due; nothing was sent.</source>
        <translation>Listan var tom när utskicket skulle iväg; inget skickades.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Cancelled by the user before it was sent.</source>
        <translation>Avbrutet av användaren innan det skickades.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Send {send} is not waiting to be sent.</source>
        <translation>Utskick {send} väntar inte på att skickas.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Send {send} had stopped before its last answers were recorded: sent to {accepted} (rejected {rejected}, unknown {unknown}), nothing is left to send, and the unknown ones are not sent again automatically.</source>
        <translation>Utskick {send} hade stoppats innan dess sista svar registrerades: skickat till {accepted} (avvisade {rejected}, okända {unknown}), inget återstår att skicka, och de okända skickas inte till igen automatiskt.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The eMarketeer contact lists could not be read: {why}.</source>
        <translation>eMarketeers kontaktlistor kunde inte läsas: {why}.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The eMarketeer list {id} could not be read: {why}.</source>
        <translation>eMarketeer-listan {id} kunde inte läsas: {why}.</translation>
    </message>
    <message>
        <location line="+60"/>
        <source>The history database at {path} is being upgraded by another process that has not finished; try again later.</source>
        <translation>Historikdatabasen i {path} uppgraderas av en annan process som inte är klar; försök igen senare.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The history database at {path} needs an upgrade, but an older copy of Legal Basis Sync has it open (a window or a scheduled sync of the version before); nothing was changed. Close that copy, then try again.</source>
        <translation>Historikdatabasen i {path} behöver uppgraderas, men en äldre kopia av Legal Basis Sync har den öppen (ett fönster eller en schemalagd synk av versionen före); inget ändrades. Stäng den kopian och försök sedan igen.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The history database at {path} could not be upgraded from schema {found} to {known} ({error}). It was left at schema {step}.</source>
        <translation>Historikdatabasen i {path} kunde inte uppgraderas från schema {found} till {known} ({error}). Den lämnades vid schema {step}.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The history database at {path} could not be upgraded from schema {found} to {known} ({error}). It was left at schema {step}; a copy from before the upgrade is at {copy}.</source>
        <translation>Historikdatabasen i {path} kunde inte uppgraderas från schema {found} till {known} ({error}). Den lämnades vid schema {step}; en kopia från före uppgraderingen finns i {copy}.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The disk holding {where} is full: free some space; nothing was half-recorded and the next run will complete the work.</source>
        <translation>Disken med {where} är full: frigör utrymme; inget registrerades till hälften och nästa körning slutför arbetet.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The disk holding {where} is read-only: make it writable; nothing was half-recorded and the next run will complete the work.</source>
        <translation>Disken med {where} är skrivskyddad: gör den skrivbar; inget registrerades till hälften och nästa körning slutför arbetet.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The conflict view could not be shown: the disk holding the temporary folder {where} is full. Free some space and preview again; the run itself is recorded.</source>
        <translation>Konfliktvyn kunde inte visas: disken med den tillfälliga mappen {where} är full. Frigör utrymme och förhandsgranska igen; själva körningen är sparad.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>the data directory</source>
        <translation>datakatalogen</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>The data directory {path} cannot be used: its run lock could not be made ({error}).</source>
        <translation>Datakatalogen {path} kan inte användas: dess körlås kunde inte skapas ({error}).</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>It stopped because of an unexpected error ({error}); the details are in the log file.</source>
        <translation>Det stoppades på grund av ett oväntat fel ({error}); detaljerna finns i loggfilen.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Stopped by {what}; what was done is recorded, and the next run goes on from there.</source>
        <translation>Stoppad av {what}; det som gjordes är registrerat, och nästa körning fortsätter därifrån.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>a stop request (SIGTERM)</source>
        <translation>en begäran om att stoppa (SIGTERM)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the terminal closing (SIGHUP)</source>
        <translation>att terminalen stängdes (SIGHUP)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the console window closing</source>
        <translation>att konsolfönstret stängdes</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the user logging off</source>
        <translation>att användaren loggade ut</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the computer shutting down</source>
        <translation>att datorn stängdes av</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>a service&apos;s clock could not be read</source>
        <translation>en tjänsts klocka inte kunde läsas</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{system} could not be reached</source>
        <translation>{system} inte kunde nås</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>The history database at {path} is damaged ({problem}); the next run moves it aside, keeping it, and starts a new one: keep the moved file for support.</source>
        <translation>Historikdatabasen i {path} är skadad ({problem}); nästa körning flyttar undan den, utan att ta bort den, och börjar på en ny: spara den flyttade filen åt supporten.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The history database at {path} was read whole and is sound.</source>
        <translation>Historikdatabasen i {path} lästes i sin helhet och är felfri.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No history database at {path} yet; the first run makes one.</source>
        <translation>Ingen historikdatabas i {path} än; den första körningen skapar en.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Changes are saved with the consent source &apos;{name}&apos;.</source>
        <translation>Ändringar sparas med samtyckeskällan &apos;{name}&apos;.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>eMarketeer at {host} accepted the API key.</source>
        <translation>eMarketeer på {host} godtog API-nyckeln.</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>{key} (inactive)</source>
        <translation>{key} (inaktivt)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>All {n} purpose names the sync uses are there.</source>
        <translation>Alla {n} ändamålsnamn synken använder finns.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>All {n} legal basis names the sync uses are there.</source>
        <translation>Alla {n} namn på rättsliga grunder som synken använder finns.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The eMarketeer account lacks these purposes: {missing}; legal basis sync maps them by name, so ask eMarketeer&apos;s support to add them.</source>
        <translation>eMarketeer-kontot saknar de här ändamålen: {missing}; legal basis-synken matchar dem på namn, så be eMarketeers support lägga till dem.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The eMarketeer account lacks these legal bases: {missing}; legal basis sync maps them by name, so ask eMarketeer&apos;s support to add them.</source>
        <translation>eMarketeer-kontot saknar de här rättsliga grunderna: {missing}; legal basis-synken matchar dem på namn, så be eMarketeers support lägga till dem.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{system} answered {endpoint} without the field {field} (a list): the sync cannot read it; send the diagnostics file to support.</source>
        <translation>{system} besvarade {endpoint} utan fältet {field} (en lista): synken kan inte läsa svaret; skicka diagnostikfilen till supporten.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{system} answered {endpoint} in the expected shape, with no rows yet to check field by field.</source>
        <translation>{system} besvarade {endpoint} i väntad form, ännu utan rader att kontrollera fält för fält.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{system} answered {endpoint} differently from what the sync expects: {problems}; send the diagnostics file to support.</source>
        <translation>{system} besvarade {endpoint} annorlunda än synken väntar sig: {problems}; skicka diagnostikfilen till supporten.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{n} row of {endpoint} read, all {total} fields as expected.</source>
        <translation>{n} rad från {endpoint} lästes, alla {total} fält som väntat.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{n} rows of {endpoint} read, all {total} fields as expected.</source>
        <translation>{n} rader från {endpoint} lästes, alla {total} fält som väntat.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{n} of {total} rows are not objects</source>
        <translation>{n} av {total} rader är inte objekt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{field} is missing in {n} of {total} rows</source>
        <translation>{field} saknas i {n} av {total} rader</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{field} is empty in {n} of {total} rows</source>
        <translation>{field} är tomt i {n} av {total} rader</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{field} is not a whole number in {n} of {total} rows</source>
        <translation>{field} är inte ett heltal i {n} av {total} rader</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{field} is not text in {n} of {total} rows</source>
        <translation>{field} är inte text i {n} av {total} rader</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{field} is not an ISO-8601 date-time in {n} of {total} rows</source>
        <translation>{field} är inte en ISO 8601-tidpunkt i {n} av {total} rader</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{system} answered without a Date header, so its clock cannot be compared with this machine&apos;s; runs then rely on the change times alone.</source>
        <translation>{system} svarade utan Date-huvud, så dess klocka kan inte jämföras med den här datorns; körningarna förlitar sig då bara på ändringstiderna.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{system}&apos;s clock is {seconds} s ahead of this machine&apos;s, more than the clock-skew window ({window} s): set this machine&apos;s clock right (automatic time), or tell the service&apos;s support.</source>
        <translation>Klockan hos {system} går {seconds} s före den här datorns, mer än fönstret för klockavvikelse ({window} s): ställ datorns klocka rätt (automatisk tid), eller säg till tjänstens support.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{system}&apos;s clock is {seconds} s behind this machine&apos;s, more than the clock-skew window ({window} s): set this machine&apos;s clock right (automatic time), or tell the service&apos;s support.</source>
        <translation>Klockan hos {system} går {seconds} s efter den här datorns, mer än fönstret för klockavvikelse ({window} s): ställ datorns klocka rätt (automatisk tid), eller säg till tjänstens support.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{system}&apos;s clock is within {seconds} s of this machine&apos;s (clock-skew window {window} s).</source>
        <translation>Klockan hos {system} skiljer högst {seconds} s från den här datorns (fönster för klockavvikelse {window} s).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The secure connection to {system} could not be verified (certificate or TLS problem): check the address and the machine&apos;s date; a certificate your company issued, or that of a proxy that intercepts HTTPS, must be in this computer&apos;s certificate store, where the app looks as your browser does.</source>
        <translation>Den säkra anslutningen till {system} kunde inte verifieras (certifikat- eller TLS-problem): kontrollera adressen och datorns datum; ett certifikat som ert företag har utfärdat, eller det för en proxy som bryter upp HTTPS, måste finnas i datorns certifikatarkiv, där appen letar precis som din webbläsare.</translation>
    </message>
    <message>
        <location line="-96"/>
        <source>SuperOffice&apos;s and eMarketeer&apos;s clocks are {seconds} s apart, more than half the clock-skew window ({window} s): changes on both sides close together may be decided the wrong way; tell the services&apos; support, or widen the clock-skew window in Settings.</source>
        <translation>SuperOffices och eMarketeers klockor skiljer {seconds} s, mer än halva fönstret för klockavvikelse ({window} s): ändringar på båda sidor nära varandra kan avgöras fel; säg till tjänsternas support, eller öka fönstret för klockavvikelse under Inställningar.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>SuperOffice&apos;s and eMarketeer&apos;s clocks are {seconds} s apart, well within the clock-skew window ({window} s).</source>
        <translation>SuperOffices och eMarketeers klockor skiljer {seconds} s, väl inom fönstret för klockavvikelse ({window} s).</translation>
    </message>
    <message>
        <location line="-17"/>
        <source>Not checked, because {why}.</source>
        <translation>Inte kontrollerat, eftersom {why}.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>the SuperOffice settings cannot be used</source>
        <translation>SuperOffice-inställningarna inte kan användas</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the eMarketeer settings cannot be used</source>
        <translation>eMarketeer-inställningarna inte kan användas</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>SuperOffice could not be read</source>
        <translation>SuperOffice inte kunde läsas</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>eMarketeer could not be read</source>
        <translation>eMarketeer inte kunde läsas</translation>
    </message>
    <message>
        <location line="+105"/>
        <source>The {system} address {host} uses http://, so the traffic (consents and credentials) is not encrypted: use its https:// address.</source>
        <translation>Adressen till {system}, {host}, använder http://, så trafiken (samtycken och inloggningsuppgifter) krypteras inte: använd dess https://-adress.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{system} is on this machine (loopback), where no TLS is needed.</source>
        <translation>{system} finns på den här datorn (loopback), där ingen TLS behövs.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>HTTPS with a verified certificate ({hosts}).</source>
        <translation>HTTPS med verifierat certifikat ({hosts}).</translation>
    </message>
    <message>
        <location line="-242"/>
        <source>The system keyring could not be set up ({error}); secrets are never stored in a file, so fix the keyring or pass them in the environment.</source>
        <translation>Systemets nyckelring kunde inte startas ({error}); hemligheter sparas aldrig i en fil, så rätta nyckelringen eller ange dem i miljövariabler.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>No usable system keyring was found (keyring backend: {backend}); secrets are never stored in a file, so install and unlock one (GNOME Keyring, KWallet, the Windows Credential Locker or the macOS Keychain) or pass them in the environment ({names}).</source>
        <translation>Ingen användbar nyckelring hittades i systemet (keyring-backend: {backend}); hemligheter sparas aldrig i en fil, så installera och lås upp en (GNOME Keyring, KWallet, Windows Autentiseringshanterare eller macOS Nyckelring) eller ange dem i miljövariabler ({names}).</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The system keyring is locked, so {what} could not be read; unlock it and try again.</source>
        <translation>Systemets nyckelring är låst, så {what} kunde inte läsas; lås upp den och försök igen.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The system keyring is locked, so {what} could not be stored; unlock it and try again.</source>
        <translation>Systemets nyckelring är låst, så {what} kunde inte sparas; lås upp den och försök igen.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The system keyring is locked, so {what} could not be deleted; unlock it and try again.</source>
        <translation>Systemets nyckelring är låst, så {what} kunde inte tas bort; lås upp den och försök igen.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The system keyring refused to read {what} ({error}).</source>
        <translation>Systemets nyckelring vägrade att läsa {what} ({error}).</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The system keyring refused to store {what} ({error}).</source>
        <translation>Systemets nyckelring vägrade att spara {what} ({error}).</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The system keyring refused to delete {what} ({error}).</source>
        <translation>Systemets nyckelring vägrade att ta bort {what} ({error}).</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the SuperOffice password</source>
        <translation>SuperOffice-lösenordet</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the SuperOffice Online access token</source>
        <translation>åtkomsttoken för SuperOffice Online</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the SuperOffice Online refresh token</source>
        <translation>förnyelsetoken för SuperOffice Online</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the eMarketeer API key</source>
        <translation>eMarketeers API-nyckel</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The history database at {path} was already closed.</source>
        <translation>Historikdatabasen i {path} var redan stängd.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The history database at {path} could not be used: {error}.</source>
        <translation>Historikdatabasen i {path} kunde inte användas: {error}.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The history database at {path} could not be opened: {error}.</source>
        <translation>Historikdatabasen i {path} kunde inte öppnas: {error}.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The history database at {path} could not be read: {error}.</source>
        <translation>Historikdatabasen i {path} kunde inte läsas: {error}.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The history database at {path} is damaged and could not be moved aside: {error}.</source>
        <translation>Historikdatabasen i {path} är skadad och kunde inte flyttas undan: {error}.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The data directory {path} could not be created: {error}.</source>
        <translation>Datakatalogen {path} kunde inte skapas: {error}.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The history database at {path} was written by a newer version of Legal Basis Sync (schema {found}; this version knows up to {known}). Update the app or point it at another data directory.</source>
        <translation>Historikdatabasen i {path} skrevs av en nyare version av Legal Basis Sync (schema {found}; den här versionen känner till upp till {known}). Uppdatera appen eller välj en annan datakatalog.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>The history database at {path} needs an upgrade, but a backup could not be written first ({error}); nothing was changed.</source>
        <translation>Historikdatabasen i {path} behöver uppgraderas, men en säkerhetskopia kunde inte skrivas först ({error}); inget ändrades.</translation>
    </message>
    <message>
        <location filename="../../desktop_app/domain/messages.py" line="-183"/>
        <source>A sync is running on the data directory {path} (process {pid}); try again when it has finished. Nothing was sent.</source>
        <translation>En synk körs i datakatalogen {path} (process {pid}); försök igen när den är klar. Inget skickades.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>A sync is running on the data directory {path}; try again when it has finished. Nothing was sent.</source>
        <translation>En synk körs i datakatalogen {path}; försök igen när den är klar. Inget skickades.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The send-time sync (run {run}) did not finish: {why}; nothing was sent.</source>
        <translation>Synken före utskicket (körning {run}) blev inte klar: {why}; inget skickades.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Send {send} stays scheduled and nothing was sent: {system} asked to wait until {time} UTC, which stopped its send-time sync; it goes after that time, after a fresh sync.</source>
        <translation>Utskick {send} ligger kvar som schemalagt och inget skickades: {system} bad oss vänta till {time} UTC, vilket stoppade synken före utskicket; det går iväg efter den tiden, efter en ny synk.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Send {send} stays scheduled and nothing was sent: {system} asked to wait until {time} UTC; it goes after that time, after a fresh sync.</source>
        <translation>Utskick {send} ligger kvar som schemalagt och inget skickades: {system} bad oss vänta till {time} UTC; det går iväg efter den tiden, efter en ny synk.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{system} asked to wait until {time} UTC, so its contact lists were not read; they can be read after that time.</source>
        <translation>{system} bad oss vänta till {time} UTC, så dess kontaktlistor lästes inte; de kan läsas efter den tiden.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{system} asked to wait until {time} UTC, so no scheduled send was sent ({n} due); they stay scheduled, and the first send --due after that time sends them, each after a fresh sync.</source>
        <translation>{system} bad oss vänta till {time} UTC, så inget schemalagt utskick skickades ({n} förfallna); de ligger kvar i schemat, och första send --due efter den tiden skickar dem, vart och ett efter en ny synk.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{system} asked to wait until {time} UTC; no scheduled send is due now, and send --due sends none before then.</source>
        <translation>{system} bad oss vänta till {time} UTC; inget schemalagt utskick är förfallet nu, och send --due skickar inget före dess.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The send-time sync (run {run}) did not finish: {why}; nothing more was sent.</source>
        <translation>Synken före utskicket (körning {run}) blev inte klar: {why}; inget mer skickades.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The sync (run {run}) did not finish: {why}.</source>
        <translation>Synken (körning {run}) blev inte klar: {why}.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>it stopped</source>
        <translation>den stoppades</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The Checklist was made more than {minutes} minutes ago; check the recipients again before launching. Nothing was sent.</source>
        <translation>Checklistan gjordes för mer än {minutes} minuter sedan; kontrollera mottagarna igen innan du skickar. Inget skickades.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>There is no send {send}.</source>
        <translation>Det finns inget utskick {send}.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Send {send} is {state}; nothing was sent.</source>
        <translation>Utskick {send} är {state}; inget skickades.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The app ended between two batches of this send; the recipients not reached are not sent yet.</source>
        <translation>Programmet avslutades mellan två omgångar av utskicket; mottagarna som inte nåtts har inte fått det än.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The app ended before the first batch of this send left; nothing was sent, and nobody got it.</source>
        <translation>Programmet avslutades innan utskickets första omgång gick iväg; inget skickades, och ingen har fått det.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The app ended while a batch of this send was on its way: sent to {accepted} (rejected {rejected}, unknown {unknown}); the unknown ones are not sent again automatically, and the {not_sent} not reached are not sent yet.</source>
        <translation>Programmet avslutades medan en omgång av utskicket var på väg: skickat till {accepted} (avvisade {rejected}, okänt {unknown}); de okända skickas inte igen automatiskt, och de {not_sent} som inte nåtts har inte fått det än.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Send {send} was held for a person while its recipients were checked; nothing was sent.</source>
        <translation>Utskick {send} hölls inne för en person medan mottagarna kontrollerades; inget skickades.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Send {send} is {state}; there is nothing to resume.</source>
        <translation>Utskick {send} är {state}; det finns inget att återuppta.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Send {send} is {state}, so it can no longer be cancelled.</source>
        <translation>Utskick {send} är {state}, så det kan inte längre avbrytas.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Send {send} is {state}, not waiting to be sent.</source>
        <translation>Utskick {send} är {state} och väntar inte på att skickas.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Send {send} has nothing left to send.</source>
        <translation>Utskick {send} har inget kvar att skicka.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Send {send} is being sent by another window or process; nothing more was sent.</source>
        <translation>Utskick {send} skickas redan av ett annat fönster eller en annan process; inget mer skickades.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>scheduled</source>
        <translation>schemalagt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>checked</source>
        <translation>kontrollerat</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>sending</source>
        <translation>på väg ut</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>sent</source>
        <translation>skickat</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>partly sent</source>
        <translation>delvis skickat</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>failed</source>
        <translation>misslyckat</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>cancelled</source>
        <translation>avbrutet</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Nobody on the list may receive this send: all {n} recipients were excluded (see the Checklist); nothing was sent.</source>
        <translation>Ingen på listan får ta emot det här utskicket: alla {n} mottagare uteslöts (se Checklistan); inget skickades.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The recipient list is empty; nothing was sent.</source>
        <translation>Mottagarlistan är tom; inget skickades.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{address} is not a valid e-mail address; nothing was sent.</source>
        <translation>{address} är ingen giltig e-postadress; inget skickades.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>None of the {n} recipients is a valid e-mail address (for example {address}); nothing was sent.</source>
        <translation>Ingen av de {n} mottagarna har en giltig e-postadress (till exempel {address}); inget skickades.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The time of a scheduled send needs a time zone (for example 2026-06-01T09:00+02:00).</source>
        <translation>Tiden för ett schemalagt utskick behöver en tidszon (till exempel 2026-06-01T09:00+02:00).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{time} is not in the future; choose a later time, or send now.</source>
        <translation>{time} har redan varit; välj en senare tid eller skicka nu.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sending batch {k} of {total} ({n} recipients)</source>
        <translation>Skickar omgång {k} av {total} ({n} mottagare)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Send finished</source>
        <translation>Utskicket är klart</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Send stopped</source>
        <translation>Utskicket stoppades</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>eMarketeer&apos;s answer to batch {k} was lost</source>
        <translation>eMarketeers svar på omgång {k} gick förlorat</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>eMarketeer&apos;s answer to batch {k} of {total} was lost, so its {n} recipients may or may not have been sent to: they are recorded as unknown and are not sent again automatically</source>
        <translation>eMarketeers svar på omgång {k} av {total} gick förlorat, så det är oklart om dess {n} mottagare fick utskicket: de registreras som okända och skickas inte igen automatiskt</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>eMarketeer rejected e-mail component {component}: {vendor}</source>
        <translation>eMarketeer avvisade e-postkomponent {component}: {vendor}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>eMarketeer rejected SMS component {component}: {vendor}</source>
        <translation>eMarketeer avvisade SMS-komponent {component}: {vendor}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{stop}. Nothing was sent.</source>
        <translation>{stop}. Inget skickades.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{stop}. Nothing was sent; resume send {send} later to send it after a fresh check (legalbasis-sync send --resume {send}).</source>
        <translation>{stop}. Inget skickades; återuppta utskick {send} senare för att skicka det efter en ny kontroll (legalbasis-sync send --resume {send}).</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{stop}. Sent to {accepted} (rejected {rejected}, unknown {unknown}); {not_sent} not sent.</source>
        <translation>{stop}. Skickat till {accepted} (avvisade {rejected}, okända {unknown}); {not_sent} inte skickade.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{stop}. Sent to {accepted} (rejected {rejected}, unknown {unknown}); {not_sent} not sent; resume send {send} to send them after a fresh check (legalbasis-sync send --resume {send}).</source>
        <translation>{stop}. Skickat till {accepted} (avvisade {rejected}, okända {unknown}); {not_sent} inte skickade; återuppta utskick {send} för att skicka dem efter en ny kontroll (legalbasis-sync send --resume {send}).</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>The service</source>
        <translation>Tjänsten</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Could not {what}: {why}</source>
        <translation>Kunde inte {what}: {why}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>SuperOffice answered as if it succeeded but reported an error: {vendor}</source>
        <translation>SuperOffice svarade som om det lyckades men rapporterade ett fel: {vendor}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>SuperOffice answered as if it succeeded but reported an error.</source>
        <translation>SuperOffice svarade som om det lyckades men rapporterade ett fel.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>the rows of a page were not in id order</source>
        <translation>raderna på en sida kom inte i id-ordning</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>a short page said more rows follow but had no row ids to read on from</source>
        <translation>en kort sida sade att fler rader följer men hade inga rad-id att läsa vidare från</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>items from before {when} came again when only later ones were asked for: its time filter {param} is probably not honoured</source>
        <translation>poster från före {when} kom igen fast bara senare efterfrågades: dess tidsfilter {param} följs troligen inte</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>SuperOffice&apos;s state service moved this tenant to http://{host}, without encryption; the app does not send the sign-in there in clear text. Check the SuperOffice address and the network&apos;s proxy.</source>
        <translation>SuperOffices statustjänst flyttade den här kunden till http://{host}, utan kryptering; appen skickar inte inloggningen dit i klartext. Kontrollera SuperOffice-adressen och nätverkets proxy.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>page {asked} held the same items as page {earlier}</source>
        <translation>sida {asked} innehöll samma poster som sida {earlier}</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>The history database at {path} has tables but no schema version, and they are not those of any version of Legal Basis Sync (as after restoring a damaged or edited SQL dump); it was left untouched. Restore a copy of it (a history.sqlite3.bak-v… file beside it) or point the app at another data directory.</source>
        <translation>Historikdatabasen i {path} har tabeller men ingen schemaversion, och de är inte tabellerna i någon version av Legal Basis Sync (som efter att en skadad eller redigerad SQL-dump har återställts); den lämnades orörd. Återställ en kopia av den (en history.sqlite3.bak-v…-fil bredvid den) eller peka appen på en annan datamapp.</translation>
    </message>
    <message>
        <location filename="../../desktop_app/domain/service_kinds.py" line="-5"/>
        <source>The history database at {path} has schema version {found}, which no version of Legal Basis Sync writes; it was left untouched. Restore a copy of it or point the app at another data directory.</source>
        <translation>Historikdatabasen i {path} har schemaversion {found}, som ingen version av Legal Basis Sync skriver; den lämnades orörd. Återställ en kopia av den eller välj en annan datakatalog.</translation>
    </message>
</context>
<context>
    <name>Settings</name>
    <message>
        <location filename="../../desktop_app/config.py" line="+146"/>
        <source>1 or 0</source>
        <translation>1 eller 0</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>a whole number from {lo} to {hi}</source>
        <translation>ett heltal från {lo} till {hi}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>a number from {lo} to {hi}</source>
        <translation>ett tal från {lo} till {hi}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>a whole number of at least {lo}</source>
        <translation>ett heltal på minst {lo}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>a number of at least {lo}</source>
        <translation>ett tal på minst {lo}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>a whole number</source>
        <translation>ett heltal</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>a number</source>
        <translation>ett tal</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>empty or an http:// or https:// address ending in /api or /api/</source>
        <translation>tom eller en http://- eller https://-adress som slutar på /api eller /api/</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>empty (the vendor&apos;s own hosts) or an http:// or https:// address</source>
        <translation>tom (leverantörens egna servrar) eller en http://- eller https://-adress</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>an http:// or https:// address</source>
        <translation>en http://- eller https://-adress</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>text</source>
        <translation>text</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{where} must not contain a user name or password; keep secrets in the keyring.</source>
        <translation>{where} får inte innehålla något användarnamn eller lösenord; förvara hemligheter i nyckelringen.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{where} must be {expected}, not {value}.</source>
        <translation>{where} måste vara {expected}, inte {value}.</translation>
    </message>
    <message>
        <location line="+45"/>
        <source>CRM</source>
        <translation>CRM</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Which SuperOffice installation to sync with; None switches the sync off.</source>
        <translation>Vilken SuperOffice-installation som ska synkas; Ingen stänger av synken.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>None</source>
        <translation>Ingen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>SuperOffice Online</source>
        <translation>SuperOffice Online</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+527"/>
        <source>SuperOffice on-site</source>
        <translation>SuperOffice on-site</translation>
    </message>
    <message>
        <location line="-519"/>
        <source>Legal basis sync</source>
        <translation>Legal basis-synk</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Keep the legal bases in step between SuperOffice and eMarketeer while this is ticked.</source>
        <translation>Håll de rättsliga grunderna i takt mellan SuperOffice och eMarketeer så länge detta är ikryssat.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>SuperOffice web API address</source>
        <translation>Adress till SuperOffice webb-API</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The tenant&apos;s web API base, ending in /api, for example https://crm.example.com/SuperOffice/api.</source>
        <translation>Kundens webb-API-bas, som slutar på /api, till exempel https://crm.example.com/SuperOffice/api.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>SuperOffice user name</source>
        <translation>SuperOffice-användarnamn</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The on-site user the sync signs in as; its password is kept in the system keyring.</source>
        <translation>Den on-site-användare som synken loggar in som; lösenordet förvaras i systemets nyckelring.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>SuperOffice Online application id</source>
        <translation>Applikations-id för SuperOffice Online</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The client id of the registered SuperOffice Online application used to sign in.</source>
        <translation>Klient-id för den registrerade SuperOffice Online-applikationen som används vid inloggning.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>SuperOffice Online state address</source>
        <translation>Statusadress för SuperOffice Online</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Where SuperOffice Online tells which server hosts a tenant; change it only for a test environment.</source>
        <translation>Där SuperOffice Online anger vilken server en kund ligger på; ändra den bara för en testmiljö.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>SuperOffice Online environment</source>
        <translation>SuperOffice Online-miljö</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Where the tenant and its registered application live: production (online), stage (qaonline) or development (sod).</source>
        <translation>Där kunden och dess registrerade applikation finns: produktion (online), testmiljö (qaonline) eller utveckling (sod).</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Production (online)</source>
        <translation>Produktion (online)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stage (qaonline)</source>
        <translation>Testmiljö (qaonline)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Development (sod)</source>
        <translation>Utveckling (sod)</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>SuperOffice stage application id</source>
        <translation>Applikations-id för SuperOffice-testmiljön</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The client id of the application registered for the stage environment (qaonline).</source>
        <translation>Klient-id för applikationen som registrerats för testmiljön (qaonline).</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>SuperOffice development application id</source>
        <translation>Applikations-id för SuperOffice-utveckling</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The client id of the application registered for the development environment (sod).</source>
        <translation>Klient-id för applikationen som registrerats för utvecklingsmiljön (sod).</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>SuperOffice write source</source>
        <translation>Skrivkälla i SuperOffice</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The key of the SuperOffice consent source the app&apos;s changes are saved with; API is &quot;Other integration&quot;.</source>
        <translation>Nyckeln för den SuperOffice-samtyckeskälla som appens ändringar sparas med; API är &quot;Other integration&quot;.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>eMarketeer write source</source>
        <translation>Skrivkälla i eMarketeer</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The name of the eMarketeer consent source the app&apos;s changes are saved with.</source>
        <translation>Namnet på den eMarketeer-samtyckeskälla som appens ändringar sparas med.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>eMarketeer address</source>
        <translation>eMarketeer-adress</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>One base address for all eMarketeer modules; leave empty to use the vendor&apos;s own hosts.</source>
        <translation>En basadress för alla eMarketeer-moduler; lämna tom för att använda leverantörens egna servrar.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Sync every (minutes)</source>
        <translation>Synkintervall (minuter)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>How often a scheduled sync runs while the sync is on.</source>
        <translation>Hur ofta en schemalagd synk körs när synken är på.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Clock skew window (seconds)</source>
        <translation>Fönster för klockavvikelse (sekunder)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Changes on both sides closer together than this are a conflict: the more restrictive value wins.</source>
        <translation>Ändringar på båda sidor som ligger närmare varandra än så är en konflikt: det mer restriktiva värdet vinner.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Incremental overlap (minutes)</source>
        <translation>Inkrementell överlappning (minuter)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Incremental reads go back this far before the newest change already seen, to miss nothing.</source>
        <translation>Inkrementella läsningar går så här långt tillbaka före den nyaste ändring som redan setts, för att inget ska missas.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Full run every (hours)</source>
        <translation>Intervall för fullständig körning (timmar)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A full read of both systems runs when the last full run is older than this.</source>
        <translation>En full läsning av båda systemen körs när den senaste fulla körningen är äldre än så.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Warn if no sync succeeds for (hours)</source>
        <translation>Varna om ingen synk lyckas på (timmar)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Home turns red, the tray says so once, and the health command (for monitoring) fails when no sync has finished successfully for this long.</source>
        <translation>Fliken Översikt blir röd, systemfältet säger till en gång och hälsokommandot (för övervakning) misslyckas när ingen synk har blivit klar utan fel på så här lång tid.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Requests per second</source>
        <translation>Anrop per sekund</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The most requests per second sent to each service.</source>
        <translation>Högsta antal anrop per sekund till varje tjänst.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Parallel requests</source>
        <translation>Parallella anrop</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The most requests in flight at once to each service.</source>
        <translation>Högsta antal samtidiga anrop till varje tjänst.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Request timeout (seconds)</source>
        <translation>Tidsgräns för anrop (sekunder)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>How long to wait for one answer before retrying.</source>
        <translation>Hur länge ett svar väntas in innan anropet görs om.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Longest run (minutes)</source>
        <translation>Längsta körning (minuter)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A run still going after this long stops cleanly; what it did is recorded and the next run goes on from there.</source>
        <translation>En körning som fortfarande pågår efter så här lång tid stoppas på ett ordnat sätt; det den gjorde sparas och nästa körning fortsätter därifrån.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Duplicate SuperOffice persons</source>
        <translation>Dubbletter av SuperOffice-personer</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>When persons share an address (R9). All: the one changed last speaks, and all get the decided value (eMarketeer since 2026-02-23). Oldest: only the oldest is compared and written.</source>
        <translation>När personer delar en adress (R9). Alla: den som ändrades senast gäller, och alla får det beslutade värdet (eMarketeer sedan 2026-02-23). Äldsta: bara den äldsta jämförs och skrivs.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>All persons with the address</source>
        <translation>Alla personer med adressen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Only the oldest person</source>
        <translation>Bara den äldsta personen</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Hold reversed withdrawals for review</source>
        <translation>Pausa upphävda återkallanden för granskning</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Protects contacts who said no: a sync that would write a positive basis over a withdrawal (a salesperson&apos;s &quot;Consent&quot; typed over an unsubscribe, an old import) waits until a person approves it (R24). Unticked, the latest change wins as in eMarketeer&apos;s own sync.</source>
        <translation>Skyddar kontakter som har sagt nej: en synk som skulle skriva en positiv grund över ett återkallande (en säljares &quot;Samtycke&quot; över en avregistrering, en gammal import) väntar tills en person godkänner den (R24). Utan bock vinner den senaste ändringen, som i eMarketeers egen synk.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Mass-change brake</source>
        <translation>Massändringsbroms</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Protects against a botched import being copied to the other system: a run over the limits below writes nothing and waits for a person (R23).</source>
        <translation>Skyddar mot att en misslyckad import kopieras till det andra systemet: en körning över gränserna nedan skriver inget och väntar på en person (R23).</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Brake above (changes)</source>
        <translation>Bromsa över (ändringar)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A run writing more changes than this, and more than the share below, is held; a first full run is held above this number alone.</source>
        <translation>En körning som skriver fler ändringar än så, och mer än andelen nedan, stoppas; en första fullständig körning stoppas över det här antalet ensamt.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Brake above (% of contacts)</source>
        <translation>Bromsa över (% av kontakterna)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A run changing more than this share of the matched contacts (and more than the number above) is held.</source>
        <translation>En körning som ändrar mer än den här andelen av de matchade kontakterna (och fler än antalet ovan) stoppas.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Require a positive basis for sends</source>
        <translation>Kräv en positiv grund för utskick</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>When ticked, an e-mail or SMS send goes only to recipients who have a legal basis for Marketing sendouts (consent, legitimate interest...) after the send-time sync; recipients with none are left out. Unticked, only a withdrawal leaves a recipient out.</source>
        <translation>När detta är ikryssat går ett e-post- eller SMS-utskick bara till mottagare som efter synken vid utskicket har en rättslig grund för
Marknadsutskick (samtycke, berättigat intresse …); mottagare utan grund utesluts.
Utan kryss utesluts bara mottagare som har återkallat.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Language</source>
        <translation>Språk</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The window&apos;s language; a change takes effect the next time the app starts.</source>
        <translation>Fönstrets språk; en ändring gäller från nästa gång appen startar.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The system&apos;s language</source>
        <translation>Systemets språk</translation>
    </message>
    <message>
        <location line="+175"/>
        <source>The CRM is set to None, so there is nothing to sync with.</source>
        <translation>CRM är inställt på Ingen, så det finns inget att synka med.</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>the SuperOffice web API address</source>
        <translation>adressen till SuperOffice webb-API</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the SuperOffice user name</source>
        <translation>SuperOffice-användarnamnet</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the SuperOffice password</source>
        <translation>SuperOffice-lösenordet</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a SuperOffice Online access token</source>
        <translation>en åtkomsttoken för SuperOffice Online</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the eMarketeer API key</source>
        <translation>eMarketeers API-nyckel</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Cannot sync with {mode}: {what} is missing; set {variables} or enter it in the window</source>
        <translation>Kan inte synka med {mode}: {what} saknas; ange {variables} eller fyll i det i fönstret</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Cannot sync with {mode}: {what} are missing; set {variables} or enter them in the window</source>
        <translation>Kan inte synka med {mode}: {what} saknas; ange {variables} eller fyll i dem i fönstret</translation>
    </message>
    <message>
        <location line="+5"/>
        <source> (no system keyring is available here, so secrets can only come from the environment)</source>
        <translation> (ingen nyckelring finns här, så hemligheter kan bara komma från miljön)</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>{items} and {last}</source>
        <translation>{items} och {last}</translation>
    </message>
</context>
<context>
    <name>SettingsPanel</name>
    <message>
        <location filename="../../desktop_app/ui/settings/view.py" line="+62"/>
        <source>&amp;None</source>
        <translation>&amp;Ingen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Online</source>
        <translation>&amp;Online</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>On-&amp;site</source>
        <translation>On-&amp;site</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Unlike eMarketeer&apos;s own panel, you can tick &quot;Legal basis sync&quot; on an integration that is already running: there is no need to choose None, apply, and set it up again first.</source>
        <translation>Till skillnad från eMarketeers egen panel kan du kryssa i &quot;Legal basis-synk&quot; på en integration som redan körs: du behöver inte först välja Ingen, verkställa och sätta upp den igen.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Changes not applied</source>
        <translation>Ändringarna är inte verkställda</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/settings/sign_in.py" line="+34"/>
        <source>Signing in is not available in demo mode: the simulator has no sign-in page.</source>
        <translation>Inloggning går inte i demoläget: simulatorn har ingen inloggningssida.</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/settings/view.py" line="+31"/>
        <source>the system keyring</source>
        <translation>systemets nyckelring</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>SuperOffice CRM</source>
        <translation>SuperOffice CRM</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>CRM mode:</source>
        <translation>CRM-läge:</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Choose Online or On-site to connect a SuperOffice installation. With None, legal basis sync is off.</source>
        <translation>Välj Online eller On-site för att ansluta en SuperOffice-installation. Med Ingen är legal basis-synken avstängd.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Application &amp;id</source>
        <translation>Applikations-i&amp;d</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Si&amp;gn in to SuperOffice</source>
        <translation>Lo&amp;gga in i SuperOffice</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Opens SuperOffice&apos;s sign-in page in your browser; the app receives the answer on 127.0.0.1 and keeps the sign-in in the system keyring.</source>
        <translation>Öppnar SuperOffice inloggningssida i webbläsaren; appen tar emot svaret på 127.0.0.1 och sparar inloggningen i systemets nyckelring.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Cancel sign-in</source>
        <translation>Av&amp;bryt inloggningen</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Signed in to</source>
        <translation>Inloggad i</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>API UR&amp;L</source>
        <translation>API-UR&amp;L</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;User</source>
        <translation>A&amp;nvändare</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+24"/>
        <source>Kept only in the system keyring, never in a file.</source>
        <translation>Sparas bara i systemets nyckelring, aldrig i en fil.</translation>
    </message>
    <message>
        <location line="-23"/>
        <source>&amp;Password</source>
        <translation>L&amp;ösenord</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Test connection</source>
        <translation>&amp;Testa anslutningen</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>&amp;Write source</source>
        <translation>S&amp;krivkälla</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>API &amp;key</source>
        <translation>API-n&amp;yckel</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add&amp;ress</source>
        <translation>Ad&amp;ress</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>T&amp;est connection</source>
        <translation>T&amp;esta anslutningen</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Write source</source>
        <translation>Skrivkälla</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Legal basis sync</source>
        <translation>Legal basis-synk</translation>
    </message>
    <message>
        <location line="+13"/>
        <source> It runs on this schedule and whenever you press Sync now.</source>
        <translation> Den körs enligt det här schemat och varje gång du trycker på Synka nu.</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Ad&amp;vanced</source>
        <translation>Avan&amp;cerat</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>&amp;Discard changes</source>
        <translation>&amp;Ångra ändringarna</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Apply changes</source>
        <translation>&amp;Verkställ ändringar</translation>
    </message>
    <message>
        <location line="+139"/>
        <source>The test failed unexpectedly ({kind}); the details are in the log file.</source>
        <translation>Testet misslyckades oväntat ({kind}); detaljerna finns i loggfilen.</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/settings/sign_in.py" line="+60"/>
        <source>Finish signing in in your browser. If it did not open, use this link: &lt;a href=&apos;{url}&apos;&gt;SuperOffice sign-in page&lt;/a&gt;.</source>
        <translation>Slutför inloggningen i webbläsaren. Om den inte öppnades, använd den här länken: &lt;a href=&apos;{url}&apos;&gt;SuperOffice inloggningssida&lt;/a&gt;.</translation>
    </message>
    <message>
        <location line="+42"/>
        <source>The sign-in was cancelled.</source>
        <translation>Inloggningen avbröts.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The sign-in failed unexpectedly ({kind}); the details are in the log file.</source>
        <translation>Inloggningen misslyckades oväntat ({kind}); detaljerna finns i loggfilen.</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/settings/view.py" line="+64"/>
        <location line="+102"/>
        <source>Not signed in.</source>
        <translation>Inte inloggad.</translation>
    </message>
    <message>
        <location line="-79"/>
        <source>Set by the environment variable {name}; change it there.</source>
        <translation>Satt av miljövariabeln {name}; ändra den där.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Set by environment variables, so not changeable here: </source>
        <translation>Satt av miljövariabler, så det går inte att ändra här: </translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Set by {name}</source>
        <translation>Satt av {name}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Saved in {place} (type to replace)</source>
        <translation>Sparat i {place} (skriv för att ersätta)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Not set</source>
        <translation>Inte angivet</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Passwords and keys cannot be saved from this window; the environment variables {names} still work.</source>
        <translation>Lösenord och nycklar kan inte sparas från det här fönstret; miljövariablerna {names} fungerar fortfarande.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Needs the system keyring to keep the sign-in.</source>
        <translation>Behöver systemets nyckelring för att spara inloggningen.</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/settings/editors.py" line="+74"/>
        <source>Empty: eMarketeer&apos;s own hosts</source>
        <translation>Tom: eMarketeers egna servrar</translation>
    </message>
</context>
<context>
    <name>SettingsPresenter</name>
    <message>
        <location filename="../../desktop_app/ui/settings/presenter.py" line="+167"/>
        <source>The saved setting &quot;{label}&quot;</source>
        <translation>Den sparade inställningen &quot;{label}&quot;</translation>
    </message>
    <message>
        <location line="+5"/>
        <source> The default is shown instead.</source>
        <translation> Standardvärdet visas i stället.</translation>
    </message>
    <message>
        <location line="+90"/>
        <source>Signed in to SuperOffice Online ({address}); press &quot;Apply changes&quot; to use it.</source>
        <translation>Inloggad i SuperOffice Online ({address}); tryck på &quot;Verkställ ändringar&quot; för att använda den.</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>The changes were discarded.</source>
        <translation>Ändringarna ångrades.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Nothing was applied; correct the marked settings first.</source>
        <translation>Inget verkställdes; rätta de markerade inställningarna först.</translation>
    </message>
    <message>
        <location line="+48"/>
        <source>The environment variables are ignored until this is corrected: {reason}</source>
        <translation>Miljövariablerna ignoreras tills detta har rättats: {reason}</translation>
    </message>
    <message>
        <location line="+42"/>
        <source>The settings were not saved, but the keyring now holds what you typed for {what}: the earlier value could not be put back. {reason}</source>
        <translation>Inställningarna sparades inte, men nyckelringen innehåller nu det du skrev för {what}: det tidigare värdet gick inte att lägga tillbaka. {reason}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Nothing was applied. {reason}</source>
        <translation>Inget verkställdes. {reason}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Changes applied. Legal basis sync is off because {reason}.</source>
        <translation>Ändringarna verkställdes. Legal basis-synken är avstängd eftersom {reason}.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Changes applied, but the sync cannot run yet. {reason}</source>
        <translation>Ändringarna verkställdes, men synken kan inte köras än. {reason}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Changes applied. Legal basis sync is on and runs every {interval}.</source>
        <translation>Ändringarna verkställdes. Legal basis-synken är på och körs var {interval}.</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Choose Online or On-site first: the CRM is set to None.</source>
        <translation>Välj Online eller On-site först: CRM är inställt på Ingen.</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+16"/>
        <source>Sign in to SuperOffice first.</source>
        <translation>Logga in i SuperOffice först.</translation>
    </message>
    <message>
        <location line="-14"/>
        <source>Enter the SuperOffice web API address first.</source>
        <translation>Ange adressen till SuperOffice webb-API först.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Enter the SuperOffice user name first.</source>
        <translation>Ange SuperOffice-användarnamnet först.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Enter the SuperOffice password first.</source>
        <translation>Ange SuperOffice-lösenordet först.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Enter the eMarketeer API key first.</source>
        <translation>Ange eMarketeers API-nyckel först.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Testing the connection…</source>
        <translation>Testar anslutningen…</translation>
    </message>
</context>
<context>
    <name>SetupCheck</name>
    <message>
        <location filename="../../desktop_app/ui/settings/check_panel.py" line="+42"/>
        <source>Settings</source>
        <translation>Inställningar</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>SuperOffice reachable and signed in</source>
        <translation>SuperOffice nås och är inloggat</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>SuperOffice tenant running</source>
        <translation>SuperOffice-kunden är igång</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>SuperOffice purposes</source>
        <translation>Ändamål i SuperOffice</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>SuperOffice legal bases</source>
        <translation>Rättsliga grunder i SuperOffice</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>SuperOffice write source</source>
        <translation>Skrivkälla i SuperOffice</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>SuperOffice consent rows</source>
        <translation>Samtyckesrader i SuperOffice</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>SuperOffice e-mail rows</source>
        <translation>E-postrader i SuperOffice</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>SuperOffice clock</source>
        <translation>SuperOffices klocka</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>SuperOffice TLS</source>
        <translation>TLS mot SuperOffice</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>eMarketeer reachable and signed in</source>
        <translation>eMarketeer nås och godtar nyckeln</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>eMarketeer purposes</source>
        <translation>Ändamål i eMarketeer</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>eMarketeer legal bases</source>
        <translation>Rättsliga grunder i eMarketeer</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>eMarketeer write source</source>
        <translation>Skrivkälla i eMarketeer</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>eMarketeer consent records</source>
        <translation>Samtyckesposter i eMarketeer</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>eMarketeer contacts</source>
        <translation>Kontakter i eMarketeer</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>eMarketeer clock</source>
        <translation>eMarketeers klocka</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>eMarketeer TLS</source>
        <translation>TLS mot eMarketeer</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Clocks of the two services</source>
        <translation>De två tjänsternas klockor</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>History database</source>
        <translation>Historikdatabas</translation>
    </message>
</context>
<context>
    <name>SetupCheckBox</name>
    <message>
        <location line="+48"/>
        <source>Setup check</source>
        <translation>Kontroll av inställningarna</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Asks both services whatever a sync relies on, with the applied settings, and writes nothing.</source>
        <translation>Frågar båda tjänsterna om allt en synk behöver, med de tillämpade inställningarna, och skriver ingenting.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Check setup</source>
        <translation>Kontrollera inställningarna</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Setup check results</source>
        <translation>Resultat av kontrollen</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Checking the setup with both services…</source>
        <translation>Kontrollerar inställningarna mot båda tjänsterna…</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>The check failed unexpectedly ({kind}); the details are in the log file.</source>
        <translation>Kontrollen misslyckades oväntat ({kind}); detaljerna finns i loggfilen.</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>OK: {name}. {message}</source>
        <translation>OK: {name}. {message}</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Needs attention: {name}. {message}</source>
        <translation>Behöver åtgärdas: {name}. {message}</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>{failed} of {total} items need attention.</source>
        <translation>{failed} av {total} punkter behöver åtgärdas.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Everything checked is in order.</source>
        <translation>Allt som kontrollerades är i ordning.</translation>
    </message>
</context>
<context>
    <name>StatusText</name>
    <message>
        <location filename="../../desktop_app/ui/status_text.py" line="+23"/>
        <source>Sync now</source>
        <translation>Synka nu</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Scheduled</source>
        <translation>Schemalagd</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>At a send</source>
        <translation>Vid ett utskick</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Preview</source>
        <translation>Förhandsgranskning</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Running</source>
        <translation>Pågår</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Done</source>
        <translation>Klar</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stopped</source>
        <translation>Stoppad</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Failed</source>
        <translation>Misslyckades</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Interrupted</source>
        <translation>Avbruten</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Skipped</source>
        <translation>Överhoppad</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Held for review</source>
        <translation>Väntar på granskning</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>full read</source>
        <translation>fullständig läsning</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>incremental read</source>
        <translation>inkrementell läsning</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>selected addresses</source>
        <translation>valda adresser</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>the CRM is set to None</source>
        <translation>CRM är inställt på Ingen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the &quot;Legal basis sync&quot; box is not ticked</source>
        <translation>rutan &quot;Legal basis-synk&quot; inte är ikryssad</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{n} minute</source>
        <translation>{n} minut</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>{n} minutes</source>
        <translation>{n} minuter</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{n} hour</source>
        <translation>{n} timme</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>{n} hours</source>
        <translation>{n} timmar</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{n} day</source>
        <translation>{n} dag</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>{n} days</source>
        <translation>{n} dagar</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>now</source>
        <translation>nu</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>just now</source>
        <translation>alldeles nyss</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>in {span}</source>
        <translation>om {span}</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>{span} ago</source>
        <translation>för {span} sedan</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>today {time}</source>
        <translation>i dag {time}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>yesterday {time}</source>
        <translation>i går {time}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>tomorrow {time}</source>
        <translation>i morgon {time}</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>SuperOffice on-site</source>
        <translation>SuperOffice on-site</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>no CRM</source>
        <translation>inget CRM</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Legal basis sync is off</source>
        <translation>Legal basis-synken är avstängd</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>It is off because {reason}. Switch it on under Settings: choose Online or On-site, tick &quot;Legal basis sync&quot; and press &quot;Apply changes&quot;.</source>
        <translation>Den är avstängd eftersom {reason}. Slå på den under Inställningar: välj Online eller On-site, kryssa i &quot;Legal basis-synk&quot; och tryck på &quot;Verkställ ändringar&quot;.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Legal basis sync is on</source>
        <translation>Legal basis-synken är på</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{crm} and eMarketeer are synced every {interval} and whenever you press Sync now.</source>
        <translation>{crm} och eMarketeer synkas var {interval} och varje gång du trycker på Synka nu.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>None: the sync is off.</source>
        <translation>Ingen: synken är avstängd.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Not scheduled yet.</source>
        <translation>Inte schemalagd än.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Running now.</source>
        <translation>Körs nu.</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Due now.</source>
        <translation>Ska köras nu.</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>When</source>
        <translation>När</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No sync has run yet.</source>
        <translation>Ingen synk har körts än.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>unknown</source>
        <translation>okänt</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>, nothing written</source>
        <translation>, inget skrivet</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Trigger</source>
        <translation>Utlösare</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{n} change to write</source>
        <translation>{n} ändring att skriva</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{n} changes to write</source>
        <translation>{n} ändringar att skriva</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{n} change written</source>
        <translation>{n} ändring skriven</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{n} changes written</source>
        <translation>{n} ändringar skrivna</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+87"/>
        <source>{n} conflict</source>
        <translation>{n} konflikt</translation>
    </message>
    <message>
        <location line="-87"/>
        <location line="+88"/>
        <source>{n} conflicts</source>
        <translation>{n} konflikter</translation>
    </message>
    <message>
        <location line="-86"/>
        <source>{n} error</source>
        <translation>{n} fel</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>{n} errors</source>
        <translation>{n} fel</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{n} in both systems</source>
        <translation>{n} i båda systemen</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Result</source>
        <translation>Resultat</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Contacts</source>
        <translation>Kontakter</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Message</source>
        <translation>Meddelande</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>no reason was recorded.</source>
        <translation>ingen orsak registrerades.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The last preview stopped: {reason}</source>
        <translation>Senaste förhandsgranskningen stoppades: {reason}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The last preview failed: {reason}</source>
        <translation>Senaste förhandsgranskningen misslyckades: {reason}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The last preview was interrupted: {reason}</source>
        <translation>Senaste förhandsgranskningen avbröts: {reason}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The last preview was skipped: {reason}</source>
        <translation>Senaste förhandsgranskningen hoppades över: {reason}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The last sync stopped: {reason}</source>
        <translation>Senaste synken stoppades: {reason}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The last sync failed: {reason}</source>
        <translation>Senaste synken misslyckades: {reason}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The last sync was interrupted: {reason}</source>
        <translation>Senaste synken avbröts: {reason}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The last sync was skipped: {reason}</source>
        <translation>Senaste synken hoppades över: {reason}</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>{n} legal basis is held for your review (R24)</source>
        <translation>{n} rättslig grund väntar på din granskning (R24)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{n} legal bases are held for your review (R24)</source>
        <translation>{n} rättsliga grunder väntar på din granskning (R24)</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>the preview of {when} found {n} difference a sync would write</source>
        <translation>förhandsgranskningen {when} hittade {n} skillnad som en synk skulle skriva</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the preview of {when} found {n} differences a sync would write</source>
        <translation>förhandsgranskningen {when} hittade {n} skillnader som en synk skulle skriva</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>{n} contact error</source>
        <translation>{n} kontaktfel</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{n} contact errors</source>
        <translation>{n} kontaktfel</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>the last sync ({when}) had {found}</source>
        <translation>senaste synken ({when}) hade {found}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source> and </source>
        <translation> och </translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The two systems are not identical: {parts}. Open the conflicts to see them.</source>
        <translation>Systemen är inte identiska: {parts}. Öppna konflikterna för att se dem.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Not compared yet. Press Preview differences to see, contact by contact, how far apart the two systems are; nothing is written.</source>
        <translation>Inte jämförda än. Tryck på Förhandsgranska skillnader för att se, kontakt för kontakt, hur långt isär systemen är; inget skrivs.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Not known: the last comparison did not finish. Run a preview or a sync to find out.</source>
        <translation>Okänt: den senaste jämförelsen blev inte klar. Kör en förhandsgranskning eller en synk för att ta reda på det.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>In step at the last preview ({when}): no differences left, no conflicts, no contact errors. Changes made since then are picked up by the next run.</source>
        <translation>I takt vid senaste förhandsgranskningen ({when}): inga skillnader kvar, inga konflikter, inga kontaktfel. Ändringar som gjorts sedan dess tas med i nästa körning.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>In step at the last sync ({when}): no differences left, no conflicts, no contact errors. Changes made since then are picked up by the next run.</source>
        <translation>I takt vid senaste synken ({when}): inga skillnader kvar, inga konflikter, inga kontaktfel. Ändringar som gjorts sedan dess tas med i nästa körning.</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Not tested yet: press Test connections, or run a sync.</source>
        <translation>Inte testad än: tryck på Testa anslutningar eller kör en synk.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Reached by the run started {when}.</source>
        <translation>Nåddes av körningen som startade {when}.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Reached by the run before.</source>
        <translation>Nåddes av förra körningen.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Tested {when}: connected.</source>
        <translation>Testad {when}: ansluten.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tested {when}: {detail}</source>
        <translation>Testad {when}: {detail}</translation>
    </message>
</context>
<context>
    <name>Vocabulary</name>
    <message>
        <location filename="../../desktop_app/domain/names.py" line="+45"/>
        <source>Consent</source>
        <translation>Samtycke</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Legitimate interest</source>
        <translation>Berättigat intresse</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Contract</source>
        <translation>Avtal</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Required by law</source>
        <translation>Rättslig förpliktelse</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Protect vital interests</source>
        <translation>Grundläggande intressen</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Public interest</source>
        <translation>Allmänt intresse</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Withdrawn</source>
        <translation>Återkallat</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>None</source>
        <translation>Ingen</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Store and process</source>
        <translation>Lagra och behandla</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Marketing sendouts</source>
        <translation>Marknadsutskick</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>both purposes</source>
        <translation>båda ändamålen</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Store</source>
        <translation>Lagra</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Marketing</source>
        <translation>Marknadsföring</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Both</source>
        <translation>Båda</translation>
    </message>
</context>
<context>
    <name>Workbook</name>
    <message>
        <location filename="../../desktop_app/store/workbook.py" line="+57"/>
        <location line="+31"/>
        <location line="+32"/>
        <source>Run</source>
        <translation>Körning</translation>
    </message>
    <message>
        <location line="-62"/>
        <location line="+31"/>
        <source>Run started</source>
        <translation>Körningen startade</translation>
    </message>
    <message>
        <location line="-30"/>
        <source>Trigger</source>
        <translation>Utlösare</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+32"/>
        <location line="+18"/>
        <source>E-mail address</source>
        <translation>E-postadress</translation>
    </message>
    <message>
        <location line="-49"/>
        <location line="+50"/>
        <source>Purpose</source>
        <translation>Ändamål</translation>
    </message>
    <message>
        <location line="-49"/>
        <location line="+51"/>
        <source>Written to</source>
        <translation>Skrivet till</translation>
    </message>
    <message>
        <location line="-50"/>
        <source>Old value</source>
        <translation>Gammalt värde</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+50"/>
        <source>New value</source>
        <translation>Nytt värde</translation>
    </message>
    <message>
        <location line="-49"/>
        <location line="+50"/>
        <source>SuperOffice value</source>
        <translation>Värde i SuperOffice</translation>
    </message>
    <message>
        <location line="-49"/>
        <location line="+50"/>
        <source>SuperOffice changed</source>
        <translation>Ändrat i SuperOffice</translation>
    </message>
    <message>
        <location line="-49"/>
        <location line="+50"/>
        <source>eMarketeer value</source>
        <translation>Värde i eMarketeer</translation>
    </message>
    <message>
        <location line="-49"/>
        <location line="+50"/>
        <source>eMarketeer changed</source>
        <translation>Ändrat i eMarketeer</translation>
    </message>
    <message>
        <location line="-49"/>
        <source>Winner</source>
        <translation>Vinnare</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rules</source>
        <translation>Regler</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reason</source>
        <translation>Skäl</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+25"/>
        <source>Conflict</source>
        <translation>Konflikt</translation>
    </message>
    <message>
        <location line="-24"/>
        <location line="+46"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location line="-45"/>
        <source>Applied</source>
        <translation>Genomfört</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Message</source>
        <translation>Meddelande</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Send</source>
        <translation>Utskick</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Channel</source>
        <translation>Kanal</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Message id</source>
        <translation>Meddelande-id</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Recipients from</source>
        <translation>Mottagare från</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Send status</source>
        <translation>Utskickets status</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Scheduled for</source>
        <translation>Schemalagt till</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Created</source>
        <translation>Skapat</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sent</source>
        <translation>Skickat</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Line</source>
        <translation>Rad</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>As entered</source>
        <translation>Som angivet</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Allowed</source>
        <translation>Tillåten</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Left out because</source>
        <translation>Utelämnad på grund av</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Why</source>
        <translation>Varför</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Changed by the send-time sync</source>
        <translation>Ändrat av synken vid utskicket</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Result</source>
        <translation>Resultat</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Result reason</source>
        <translation>Skäl till resultatet</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Batch</source>
        <translation>Omgång</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sent to this recipient</source>
        <translation>Skickat till mottagaren</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Send message</source>
        <translation>Utskickets meddelande</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Answered</source>
        <translation>Besvarat</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Answered by</source>
        <translation>Besvarat av</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Answer</source>
        <translation>Svar</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Closed</source>
        <translation>Avslutat</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Changes</source>
        <translation>Ändringar</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Send recipients</source>
        <translation>Utskickens mottagare</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Answers (R24)</source>
        <translation>Svar (R24)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>About</source>
        <translation>Om</translation>
    </message>
    <message>
        <location line="+179"/>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>no</source>
        <translation>nej</translation>
    </message>
    <message>
        <location line="+56"/>
        <source>Approved</source>
        <translation>Godkänt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Keep withdrawn</source>
        <translation>Behåll återkallad</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Waiting for the next run</source>
        <translation>Väntar på nästa körning</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Carried out by run {run}</source>
        <translation>Utfört av körning {run}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Void: the values changed before it was carried out</source>
        <translation>Ogiltigt: värdena ändrades innan det utfördes</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Replaced by a later answer</source>
        <translation>Ersatt av ett senare svar</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Void: holds for review were switched off, and the sync decided the pair by R5</source>
        <translation>Ogiltigt: pausning för granskning stängdes av, och synken avgjorde paret enligt R5</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Void: the contact is in neither system any more</source>
        <translation>Ogiltigt: kontakten finns inte längre i något av systemen</translation>
    </message>
    <message>
        <location line="+86"/>
        <source>Every decision of run {run}</source>
        <translation>Alla beslut i körning {run}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Every change the app applied (R15), and every write that may have landed (status unconfirmed)</source>
        <translation>Varje ändring som appen gjorde (R15), och varje skrivning som kan ha gått fram (status obekräftad)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Audit trail of</source>
        <translation>Granskningslogg från</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Contents</source>
        <translation>Innehåll</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Exported</source>
        <translation>Exporterad</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Times are in</source>
        <translation>Tiderna anges i</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{rows}, on {sheets} sheets (a sheet holds at most {most} rows)</source>
        <translation>{rows}, på {sheets} blad (ett blad rymmer högst {most} rader)</translation>
    </message>
</context>
</TS>
