// Lets GOV.UK Frontend styles know that JavaScript is running (kept out of the page for the CSP).
document.body.className += " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
