// Starts GraphiQL from the page's JSON config (kept out of inline script, so a strict CSP can forbid inline code).
(function () {
  var config = JSON.parse(document.getElementById('explorer-config').textContent);
  // content-type application/json is what lets Apollo's CSRF prevention accept the request.
  var fetcher = GraphiQL.createFetcher({ url: config.endpoint, headers: { 'content-type': 'application/json' } });
  var root = ReactDOM.createRoot(document.getElementById('graphiql'));
  root.render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      defaultEditorToolsVisibility: 'variables',
      defaultTabs: [{ query: config.query, variables: config.variables }],
      // A stored tab from another visit would hide the example: start from it unless the user edits.
      shouldPersistHeaders: false,
    }),
  );
})();
