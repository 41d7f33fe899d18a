import { Route, Routes } from 'react-router';
import { Layout } from './layout/Layout';
import { Account } from './pages/Account';
import { AdminUsers } from './pages/admin/AdminUsers';
import { ApiKeys } from './pages/admin/ApiKeys';
import { ChangePassword } from './pages/ChangePassword';
import { ForgotPassword } from './pages/ForgotPassword';
import { Landing } from './pages/Landing';
import { NotFound } from './pages/NotFound';
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
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}
