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
      // Initial values (GraphiQL opens them in a tab of their own beside tabs stored from earlier visits).
      query: config.query,
      variables: config.variables,
    }),
  );
})();
