"""One module per external API (SuperOffice, eMarketeer) over a shared HTTP transport with retries and limits."""
