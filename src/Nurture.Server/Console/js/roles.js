// What each role may see and do in the console: the API's role matrix (README, "Users, roles and
// keys"), so nothing is offered that the API would refuse.

export const ADMIN = 'admin'
export const MARKETER = 'marketer'
export const SALES = 'sales'

/** The pages, in menu order, with the roles that may open them; pages of a group share a menu of their own. */
export const PAGES = [
  { id: 'dashboard', label: 'Dashboard', roles: [ADMIN, MARKETER] }, // first: their home page (sales: the inbox)
  { id: 'leads', label: 'Leads', roles: [ADMIN, MARKETER] },
  { id: 'inbox', label: 'Sales inbox', roles: [ADMIN, MARKETER, SALES] },
  { id: 'scoring', label: 'Scoring', roles: [ADMIN, MARKETER], group: 'Marketing' },
  { id: 'models', label: 'Models', roles: [ADMIN, MARKETER], group: 'Marketing' },
  { id: 'segments', label: 'Segments', roles: [ADMIN, MARKETER], group: 'Marketing' },
  { id: 'flows', label: 'Flows', roles: [ADMIN, MARKETER], group: 'Marketing' },
  { id: 'templates', label: 'Templates', roles: [ADMIN, MARKETER], group: 'Marketing' },
  { id: 'sources', label: 'Sources', roles: [ADMIN, MARKETER], group: 'Marketing' },
  { id: 'attribution', label: 'Attribution', roles: [ADMIN, MARKETER], group: 'Marketing' },
  { id: 'email-performance', label: 'Email performance', roles: [ADMIN, MARKETER], group: 'Marketing' },
  { id: 'reps', label: 'Reps', roles: [ADMIN, MARKETER], group: 'Sales team' },
  { id: 'alerts', label: 'Alerts', roles: [ADMIN, MARKETER], group: 'Sales team' },
  { id: 'imports', label: 'Imports', roles: [ADMIN, MARKETER], group: 'Data' },
  { id: 'duplicates', label: 'Duplicates', roles: [ADMIN, MARKETER], group: 'Data' },
  { id: 'sites', label: 'Sites', roles: [ADMIN, MARKETER], group: 'Settings' },
  { id: 'users', label: 'Users', roles: [ADMIN], group: 'Settings' },
  { id: 'keys', label: 'API keys', roles: [ADMIN], group: 'Settings' },
  { id: 'account', label: 'My account', roles: [ADMIN, MARKETER, SALES], group: 'Settings' },
]

/** Actions inside pages, by the API route they call. */
const ACTIONS = {
  feedback: [ADMIN, SALES], // POST /api/leads/{id}/feedback
  activity: [ADMIN, SALES], // POST /api/leads/{id}/activities
  prediction: [ADMIN, MARKETER], // GET /api/leads/{id}/prediction
  leadList: [ADMIN, MARKETER], // GET /api/leads
  chooseRep: [ADMIN, MARKETER], // GET /api/reps
  repEdit: [ADMIN], // POST /api/reps, PUT /api/reps/{id}
  routingEdit: [ADMIN], // PUT /api/routing/rules
  alertReplay: [ADMIN], // POST /api/alerts/{id}/replay
  leadEdit: [ADMIN, MARKETER], // PATCH /api/leads/{id}, enrolments, one-off emails
  leadAdmin: [ADMIN], // POST /api/leads/{id}/rescore, GET …/export, DELETE /api/leads/{id}
}

export const canOpen = (role, pageId) => PAGES.some((p) => p.id === pageId && p.roles.includes(role))
export const can = (role, action) => (ACTIONS[action] || []).includes(role)
export const homePage = (role) => PAGES.find((p) => p.roles.includes(role))?.id || 'inbox'
