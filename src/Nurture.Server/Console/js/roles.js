// What each role may see and do in the console: the API's role matrix (README, "Users, roles and
// keys"), so nothing is offered that the API would refuse.

export const ADMIN = 'admin'
export const MARKETER = 'marketer'
export const SALES = 'sales'

/** The pages, in menu order, with the roles that may open them. */
export const PAGES = [
  { id: 'leads', label: 'Leads', roles: [ADMIN, MARKETER] },
  { id: 'inbox', label: 'Sales inbox', roles: [ADMIN, MARKETER, SALES] },
  { id: 'scoring', label: 'Scoring', roles: [ADMIN, MARKETER] },
  { id: 'models', label: 'Models', roles: [ADMIN, MARKETER] },
  { id: 'segments', label: 'Segments', roles: [ADMIN, MARKETER] },
  { id: 'flows', label: 'Flows', roles: [ADMIN, MARKETER] },
  { id: 'templates', label: 'Templates', roles: [ADMIN, MARKETER] },
  { id: 'sources', label: 'Sources', roles: [ADMIN, MARKETER] },
  { id: 'imports', label: 'Imports', roles: [ADMIN, MARKETER] },
  { id: 'duplicates', label: 'Duplicates', roles: [ADMIN, MARKETER] },
  { id: 'sites', label: 'Sites', roles: [ADMIN, MARKETER] },
  { id: 'users', label: 'Users', roles: [ADMIN] },
  { id: 'keys', label: 'API keys', roles: [ADMIN] },
  { id: 'account', label: 'My account', roles: [ADMIN, MARKETER, SALES] },
]

/** Actions inside pages, by the API route they call. */
const ACTIONS = {
  feedback: [ADMIN, SALES], // POST /api/leads/{id}/feedback
  prediction: [ADMIN, MARKETER], // GET /api/leads/{id}/prediction
  leadList: [ADMIN, MARKETER], // GET /api/leads
  chooseRep: [ADMIN, MARKETER], // GET /api/reps
  leadEdit: [ADMIN, MARKETER], // PATCH /api/leads/{id}, enrolments, one-off emails
  leadAdmin: [ADMIN], // POST /api/leads/{id}/rescore, GET …/export, DELETE /api/leads/{id}
}

export const canOpen = (role, pageId) => PAGES.some((p) => p.id === pageId && p.roles.includes(role))
export const can = (role, action) => (ACTIONS[action] || []).includes(role)
export const homePage = (role) => PAGES.find((p) => p.roles.includes(role))?.id || 'inbox'
