import { Route, Routes } from 'react-router';
import { Layout } from './layout/Layout';
import { Account } from './pages/Account';
import { AdminUsers } from './pages/admin/AdminUsers';
import { ApiKeys } from './pages/admin/ApiKeys';
import { Approvals } from './pages/admin/Approvals';
import { AuditLog } from './pages/admin/AuditLog';
import { IpBlocks } from './pages/admin/IpBlocks';
import { SiteIpRules, UserIpRules } from './pages/admin/IpRules';
import { Recoveries } from './pages/admin/Recoveries';
import { SecurityPolicy } from './pages/admin/SecurityPolicy';
import { ChangePassword } from './pages/ChangePassword';
import { Device } from './pages/Device';
import { Enroll } from './pages/Enroll';
import { Onboarding } from './pages/onboarding/Onboarding';
import { BankAccountsPage } from './pages/banking/BankAccounts';
import { AlertsPage } from './pages/alerts/Alerts';
import { Invitations } from './pages/suppliers/Invitations';
import { ReviewDetailPage } from './pages/suppliers/ReviewDetail';
import { Reviews } from './pages/suppliers/Reviews';
import { ForgotPassword } from './pages/ForgotPassword';
import { Landing } from './pages/Landing';
import { NotFound } from './pages/NotFound';
import { Recover } from './pages/Recover';
import { ResetPassword } from './pages/ResetPassword';
import { SignIn } from './pages/SignIn';

/** The client routes. The server answers index.html for any path it does not own. */
export function App() {
  return (
    <Routes>
      <Route element={<Layout />}>
        <Route index element={<Landing />} />
        <Route path="sign-in" element={<SignIn />} />
        <Route path="forgot-password" element={<ForgotPassword />} />
        <Route path="reset-password" element={<ResetPassword />} />
        <Route path="account" element={<Account />} />
        <Route path="change-password" element={<ChangePassword />} />
        <Route path="admin/users" element={<AdminUsers />} />
        <Route path="admin/api-keys" element={<ApiKeys />} />
        <Route path="admin/recoveries" element={<Recoveries />} />
        <Route path="admin/approvals" element={<Approvals />} />
        <Route path="admin/audit" element={<AuditLog />} />
        <Route path="admin/ip-rules" element={<SiteIpRules />} />
        <Route path="admin/users/:id/ip-rules" element={<UserIpRules />} />
        <Route path="admin/ip-blocks" element={<IpBlocks />} />
        <Route path="recover" element={<Recover />} />
        <Route path="device" element={<Device />} />
        <Route path="admin/security" element={<SecurityPolicy />} />
        <Route path="invitations" element={<Invitations />} />
        <Route path="reviews" element={<Reviews />} />
        <Route path="reviews/:supplierId" element={<ReviewDetailPage />} />
        <Route path="enroll" element={<Enroll />} />
        <Route path="onboarding" element={<Onboarding />} />
        <Route path="bank-accounts" element={<BankAccountsPage />} />
        <Route path="alerts" element={<AlertsPage />} />
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}
